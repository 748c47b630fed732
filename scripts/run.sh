#!/usr/bin/env bash
# The README's two fresh-machine commands:
#   bash scripts/run.sh demo   — install what is missing, then run the main job end to end on the bundled samples
#   bash scripts/run.sh test   — install what is missing, then run the whole test suite (LibreOffice included)
set -euo pipefail
cd "$(dirname "$0")/.."

install() {
  local debs=()
  command -v soffice >/dev/null 2>&1 || debs+=(libreoffice-calc-nogui)
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || debs+=(fonts-noto-cjk)      # 打印测试把中文排成 PDF，需要中文字体
  dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 \
    || debs+=(libreoffice-writer-nogui)                                     # Word 报告（jixiao report）转 PDF 的测试
  command -v pdftoppm >/dev/null 2>&1 || debs+=(poppler-utils)              # 报告第 1 页转图片（docs/reports/）
  if [ "${#debs[@]}" -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "== 安装 ${debs[*]}（LibreOffice 用于重算模板公式和打印测试）"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
  fi
  if ! python3 -c "import jixiao, hypothesis, xlwings, pdfplumber, docxtpl, matplotlib" >/dev/null 2>&1 || [ -n "${CI:-}" ]; then
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
