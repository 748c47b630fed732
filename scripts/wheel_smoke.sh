#!/usr/bin/env bash
# Wheel smoke test (CI runs it after the test suite): build the wheel, install it NON-editable into a fresh virtual
# environment (dependencies from PyPI) and run the CLI from a temporary folder on the bundled samples, so a data file
# missing from the wheel, or a runtime read of the repository, fails here. Exit code 0 only when every step passed.
#   bash scripts/wheel_smoke.sh            (PYTHON=python3.12 to choose the interpreter; KEEP=1 keeps the work folder)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jixiao-wheel.XXXXXX")"
[ -n "${KEEP:-}" ] && echo "== 工作目录：$WORK（KEEP=1，结束后保留）" || trap 'rm -rf "$WORK"' EXIT
start=$SECONDS
failed=()

quiet() {   # quiet LOG COMMAND…  — pip's output (warnings included) goes to LOG, shown only when COMMAND fails
  local log="$1" rc=0
  shift
  "$@" >"$log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { echo "失败（退出码 $rc）：$*" >&2; tail -n 40 "$log" >&2; exit "$rc"; }
}

# ---- 1. the wheel, built from a copy of the sources (the build leaves build/ and *.egg-info in its source folder) ----
echo "== 构建 wheel"
src="$WORK/src"
mkdir -p "$src"
cd "$ROOT"
if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  while IFS= read -r -d '' f; do                        # tracked and new files; not ignored ones, not deleted ones
    [ -f "$f" ] || continue
    mkdir -p "$src/$(dirname "$f")"
    cp -p "$f" "$src/$f"
  done < <(git ls-files -z --cached --others --exclude-standard -- jixiao pyproject.toml README.md LICENSE MANIFEST.in)
else
  cp -p pyproject.toml README.md "$src/"
  cp -rp jixiao "$src/"
  find "$src" -name __pycache__ -prune -exec rm -rf {} +
fi
quiet "$WORK/wheel.log" "$PY" -m pip wheel --no-deps --disable-pip-version-check -w "$WORK/dist" "$src"
wheel=("$WORK"/dist/jixiao-*.whl)
[ -f "${wheel[0]}" ] || { echo "没有生成 wheel" >&2; exit 1; }
echo "   ${wheel[0]##*/}（$((SECONDS - start)) 秒）"

# ---- 2. a fresh virtual environment with the wheel installed as a user would install it --------------------------
echo "== 新建虚拟环境并安装 wheel（非 editable，依赖来自 PyPI）"
venv="$WORK/venv"
if ! "$PY" -m venv "$venv" >/dev/null 2>&1; then    # Debian/Ubuntu ship venv's ensurepip separately
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  pyver="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "python$pyver-venv" >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  rm -rf "$venv"
  quiet "$WORK/venv.log" "$PY" -m venv "$venv"
fi
quiet "$WORK/install.log" "$venv/bin/python" -m pip install --disable-pip-version-check "${wheel[0]}"
echo "   已安装（累计 $((SECONDS - start)) 秒）"

# ---- 3. the CLI, run from an empty folder so nothing of the repository can be picked up by accident -------------
run="$WORK/run"
mkdir -p "$run"
cd "$run"
unset PYTHONPATH
export PATH="$venv/bin:$PATH"

# step NAME ALLOWED_CODES COMMAND…  — runs COMMAND, records a failure when its exit code is not in ALLOWED_CODES
step() {
  local name="$1" allowed="$2" rc=0
  shift 2
  echo "-- $name：${*%%$'\n'*}"
  "$@" >"$WORK/last.log" 2>&1 || rc=$?
  if [[ " $allowed " == *" $rc "* ]]; then
    echo "   退出码 $rc，通过"
  else
    echo "   退出码 $rc（应为 ${allowed// /或}），失败；输出末尾："
    tail -n 30 "$WORK/last.log" | sed 's/^/   | /'
    failed+=("$name")
  fi
}

step "安装位置（虚拟环境中的 jixiao，不是仓库里的）" 0 python -c 'import sys, jixiao, pathlib
p = pathlib.Path(jixiao.__file__).resolve(); print(p); sys.exit(pathlib.Path(sys.prefix).resolve() not in p.parents)'
step "--help" 0 jixiao --help
step "template list" 0 jixiao template list
step "rules" 0 jixiao rules
step "rules --check（对照仓库的 validators/RULES.md）" 0 jixiao rules --check --path "$ROOT/validators/RULES.md"
step "template build --check（对照仓库的 xlsx_templates/）" 0 jixiao template build --check -o "$ROOT/xlsx_templates"
step "score" "0 1" jixiao score "$ROOT/samples/self_eval_example.xlsx" --json
step "template fill" 0 jixiao template fill 项目支出绩效自评表 --from "$ROOT/samples/goal" -o "$WORK/预填自评表"
step "check" "0 1" jixiao check "$ROOT/samples/inbox" --roster "$ROOT/samples/名册.xlsx" -o "$WORK/审核结果"
step "审核汇总已生成" 0 test -s "$WORK/审核结果/审核结果.json"
step "consolidate" "0 1" jixiao consolidate "$WORK/审核结果" --roster "$ROOT/samples/名册.xlsx" \
  --form 项目支出绩效自评表 -o "$WORK/汇总.xlsx"
step "汇总表已生成" 0 test -s "$WORK/汇总.xlsx"
step "publish" "0 1" jixiao publish "$WORK/汇总.xlsx" -o "$WORK/公开版.xlsx"

echo "== wheel 冒烟测试用时 $((SECONDS - start)) 秒"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "== wheel 冒烟测试失败：${failed[*]}" >&2
  exit 1
fi
echo "== wheel 冒烟测试通过"
