# The two commands of the README: `make run` and `make test`.
.PHONY: run test lint messages

run:
	./scripts/run.sh

test:
	./scripts/test.sh $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

# Refresh the Danish catalogue after changing strings; the compiled .mo file is committed so
# that nobody needs gettext to run the site.
messages:
	.venv/bin/python manage.py makemessages -l da --no-obsolete --ignore=.venv --ignore=var --ignore=staticfiles --ignore=test-artifacts
	.venv/bin/python manage.py compilemessages -l da --ignore=.venv
