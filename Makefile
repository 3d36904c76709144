# 의료AI 연구노트 — the two commands of the README are `make serve` and `make test`.
# Everything installs from this repository's own files into .venv.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Material 9.x prints an end-of-life banner on every command; it reaches end of life in May 2027 (see README).
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup setup-test node-check serve build test check new-post new-notebook lock citation vendor-katex clean

help:
	@echo "make serve          # 설치 + 빌드 + http://127.0.0.1:$(PORT) 미리보기"
	@echo "make test           # 설치 + 전체 테스트"
	@echo "make build          # site/ 에 엄격(--strict) 빌드"
	@echo "make check          # 모든 글의 front matter 검사 (빌드 없이)"
	@echo "make new-post TITLE='제목' SLUG=my-slug [CATEGORY=비평]"
	@echo "make new-notebook TITLE='제목' SLUG=my-slug [CATEGORY='의료AI 지표']"

# Python >= 3.12: the first suitable interpreter among these (with pyenv, the committed
# .python-version makes `python3` resolve to 3.12 inside the repository).
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3 python
find_python = $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell command -v $(p) >/dev/null 2>&1 && $(p) -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && echo $(p))))

$(VENV)/.site-installed: requirements.txt pyproject.toml
	@py="$(call find_python)"; \
	if [ -z "$$py" ]; then echo "Python 3.12 이상이 필요합니다 (mkdocs-jupyter 0.27). python.org 또는 pyenv로 설치하세요: pyenv install 3.12" >&2; exit 1; fi; \
	if [ ! -x $(PY) ]; then echo "using $$py ($$($$py --version))"; $$py -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .  # medblog itself (pyproject.toml), named in mkdocs.yml
	@touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	@touch $@

# axe-core (accessibility) and vnu-jar (HTML validity) for the tests, lighthouse for bench/:
# pinned in package-lock.json. vnu-jar's postinstall only fetches a Java runtime, which the
# machine has (java 17), so install scripts stay off.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.site-installed node-check

# Formulas are rendered at build time by the vendored KaTeX, which runs under Node.js.
node-check:
	@command -v node >/dev/null 2>&1 || { echo "Node.js(node)가 필요합니다: 수식을 빌드할 때 그립니다 (Debian: apt-get install nodejs)" >&2; exit 1; }

# Browser tests drive Debian's chromium through Playwright (never `playwright install`).
# CHROMIUM may name another Chromium-based browser (e.g. google-chrome on GitHub runners).
setup-test: $(VENV)/.test-installed node_modules/.installed
	@command -v java >/dev/null 2>&1 || { sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@if [ -n "$$CHROMIUM" ] && [ -x "$$CHROMIUM" ]; then echo "browser: $$CHROMIUM"; \
	elif command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto sans cjk"; then echo "browser: $$(command -v chromium)"; \
	else \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

build: setup
	$(VENV)/bin/mkdocs build --strict --clean

# One build, by `mkdocs serve` itself (it used to build twice: `build` first, then serve).
serve: setup
	$(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

# The test command of the README, of .ci/run and of CI. pytest's exit code 5 means it
# collected no tests: that is a broken suite here, so it fails with a clear message.
test: setup-test
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: the suite must not be empty" >&2; fi; exit $$rc

check: setup
	$(PY) -m medblog check

new-post: setup
	$(PY) -m medblog new-post "$(TITLE)" $(if $(SLUG),--slug "$(SLUG)") $(if $(CATEGORY),--category "$(CATEGORY)")

new-notebook: setup
	$(PY) -m medblog new-notebook "$(TITLE)" $(if $(SLUG),--slug "$(SLUG)") $(if $(CATEGORY),--category "$(CATEGORY)")

# Regenerate the hash-locked requirements.txt from requirements.in with pip-compile, in a
# scratch venv whose tools (pip-tools and what it pulls in) are themselves hash-locked in
# requirements-lock-tools.txt. pip-compile keeps every pin already in requirements.txt that
# still satisfies requirements.in, so adding a package changes nothing else;
# `make lock UPGRADE=1` moves every package to its newest release (Dependabot proposes
# the same weekly, .github/dependabot.yml). Installs use `pip install --require-hashes`.
LOCK_VENV := /tmp/medblog-lock
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:
	rm -rf $(LOCK_VENV) && "$(call find_python)" -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --require-hashes -r requirements-lock-tools.txt
	$(PIP_COMPILE) --output-file requirements-lock-tools.txt requirements-lock-tools.in
	$(PIP_COMPILE) --output-file requirements.txt requirements.in

# CITATION.cff (GitHub's "Cite this repository") from data/profile.yml and mkdocs.yml.
citation: setup
	$(PY) -m medblog citation

# KaTeX is served from the site (no CDN): refresh the vendored copy from the npm registry.
KATEX_VERSION := 0.19.1
vendor-katex:
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent katex@$(KATEX_VERSION) && tar xzf katex-$(KATEX_VERSION).tgz && \
	dest=$(CURDIR)/docs/assets/vendor/katex && rm -rf $$dest && mkdir -p $$dest/fonts && \
	cp package/dist/katex.min.js package/dist/katex.min.css $$dest/ && cp package/dist/fonts/*.woff2 $$dest/fonts/ && \
	cp package/LICENSE $$dest/LICENSE.txt

clean:
	rm -rf site .cache
