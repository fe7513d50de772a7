#!/usr/bin/env bash
# Set up everything the project needs on a Debian/Ubuntu machine: system packages (fonts, word
# list, Tesseract, Fashion-MNIST), a Python virtual environment at ./.venv, and the shipped models
# in the BentoML model store. Safe to re-run: each step is skipped when already done.
#
# The venv itself lives in a cache folder named by a hash of requirements.txt (.venv links to it),
# so CI and repeated clones reuse one 5 GB install until the requirements change.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
CACHE=${TEXT_RECOGNIZER_CACHE:-$HOME/.cache/text_recognizer}
DEB_PACKAGES=(make wrk tesseract-ocr tesseract-ocr-eng wamerican dataset-fashion-mnist
  fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-freefont-ttf fonts-urw-base35 fonts-texgyre
  fonts-crosextra-carlito fonts-crosextra-caladea fonts-open-sans fonts-roboto-unhinted fonts-lato
  fonts-linuxlibertine fonts-inconsolata fonts-courier-prime fonts-ebgaramond fonts-sil-charis fonts-sil-andika
  fonts-cantarell fonts-gnutypewriter fonts-b612 fonts-hack fonts-roboto-slab
  fonts-comic-neue fonts-dkg-handwriting fonts-breip fonts-bwht fonts-dancingscript fonts-femkeklaver
  fonts-humor-sans fonts-kaushanscript fonts-kristi fonts-leckerli-one fonts-ecolier-court fonts-joscelyn
  fonts-lobster fonts-levien-typoscript fonts-tomsontalks fonts-sjfonts fonts-yusei-magic
  fonts-havana fonts-kiloji fonts-klee fonts-rufscript fonts-seto fonts-tlwg-purisa-ttf fonts-fantasque-sans
  fonts-aenigma fonts-cabinsketch fonts-isabella fonts-staypuft fonts-komatuna fonts-nanum-extra fonts-aoyagi-kouzan-t
  fortunes)

# 1. System packages (only the missing ones; needs root or sudo).
if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
  missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
else
  echo "setup: no apt-get here; install fonts, tesseract-ocr and wamerican yourself for OCR training" >&2
fi

# 2. The virtual environment, cached by the hash of requirements.txt.
hash=$(sha256sum requirements.txt | cut -c1-16)
venv="$CACHE/venv-$hash"
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  echo "setup: creating $venv (torch is a large download the first time)"
  rm -rf "$venv"
  mkdir -p "$CACHE"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q -r requirements.txt
  touch "$venv/.complete"
fi
if [ -e .venv ] && [ ! -L .venv ]; then
  echo "setup: .venv exists and is not ours (not a link); move it away and re-run" >&2
  exit 1
fi
ln -sfn "$venv" .venv

# 3. The shipped models, into the BentoML model store ($BENTOML_HOME, default ~/bentoml).
.venv/bin/python save_model.py --shipped
