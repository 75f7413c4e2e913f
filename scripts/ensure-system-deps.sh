#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (CI runs as root on a fresh
# machine). Nothing here downloads a browser of its own: playwright-core drives Debian's chromium.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
# The drawing tests: LibreOffice Draw converts the DXF to PDF, Debian's ezdxf reads and audits it.
dpkg -s libreoffice-draw-nogui >/dev/null 2>&1 || dpkg -s libreoffice-draw >/dev/null 2>&1 || need+=(libreoffice-draw-nogui)
/usr/bin/python3 -c 'import ezdxf' >/dev/null 2>&1 || need+=(python3-ezdxf)
# The server tests start a throwaway PostgreSQL (scripts/with-postgres.sh).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Missing system packages: ${need[*]} (run as root or: sudo apt-get install -y ${need[*]})" >&2
  exit 1
fi
echo "Installing system packages for the tests: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
