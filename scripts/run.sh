#!/usr/bin/env bash
# The README's two fresh-machine commands:
#   bash scripts/run.sh demo   — install what is missing, then run the main job end to end on the bundled samples
#   bash scripts/run.sh test   — install what is missing, then run the whole test suite (LibreOffice included)
set -euo pipefail
cd "$(dirname "$0")/.."

install() {
  if ! command -v soffice >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "== 安装 LibreOffice（libreoffice-calc-nogui），用于重算模板公式"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
  fi
  if ! python3 -c "import jixiao, hypothesis, xlwings" >/dev/null 2>&1 || [ -n "${CI:-}" ]; then
    echo "== 安装 jixiao 及其依赖"
    python3 -m pip install -q --disable-pip-version-check -e ".[test]" \
      || python3 -m pip install -q --disable-pip-version-check --break-system-packages -e ".[test]"
  fi
}

case "${1:-}" in
  demo)
    install
    bash scripts/demo.sh
    ;;
  test)
    install
    shift
    python3 -m pytest -q "$@"
    ;;
  *)
    echo "用法：bash scripts/run.sh demo | test" >&2
    exit 2
    ;;
esac
