# The two commands of the README: `make demo` and `make test`. Everything installs from this repo's
# own files: Python packages from PyPI (pyproject.toml), test-only tools from Debian's packages.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEBIAN_TEST_TOOLS := poppler-utils qpdf libreoffice-writer-nogui pandoc fonts-noto-core

.PHONY: demo test bench eval venv test-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project metadata changes.
$(VENV)/.stamp-install: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.stamp-install

venv: $(VENV)/.stamp-install

demo: $(VENV)/.stamp-install
	$(BIN)/memo build seeds/ -o out/

# Debian tools used only by the tests; installed when missing (needs root, as on CI).
test-tools:
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v pandoc >/dev/null || missing="$$missing pandoc"; \
	[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || missing="$$missing fonts-noto-core"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian test tools:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

test: $(VENV)/.stamp-test test-tools
	$(BIN)/python -m pytest -n 2

eval: $(VENV)/.stamp-install
	$(BIN)/python -m eval

$(VENV)/.stamp-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.stamp-test $(VENV)/.stamp-install

# libharfbuzz-subset0 lets WeasyPrint subset fonts as it does in normal use (else it is slower than it should be).
bench: $(VENV)/.stamp-bench test-tools
	@dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libharfbuzz-subset0)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) out .pytest_cache .bench
