# Berth — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
MVN ?= mvn -B -ntp
JAR := target/quarkus-app/quarkus-run.jar

include hack/cluster.mk

.PHONY: help build test unit crds run clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

build: ## compile and package the operator (target/quarkus-app)
	@echo "[build] packaging the operator (first run downloads dependencies: a few minutes)"
	@$(MVN) -q package -DskipTests
	@echo "[build] done: $(JAR)"

test: ## every test: unit and mock-server tests, then the CRD drift check and the example checks
	@echo "[test] unit and mock-server tests, then packaging and the generated-artifact checks"
	@$(MVN) verify

unit: ## the fast tier only (pure and mock-server tests)
	@$(MVN) test

crds: ## regenerate crds/ from the Java model (commit the result)
	@$(MVN) -q package -DskipTests
	@$(MVN) -q failsafe:integration-test failsafe:verify -Dit.test=CrdsIT -Dberth.crds.update=true
	@echo "[crds] crds/ updated from target/kubernetes"

run: build ## run the operator against the current kubeconfig, after applying crds/
	@kubectl apply --server-side -f crds/ >/dev/null && echo "[run] CRDs applied to $$(kubectl config current-context 2>/dev/null || echo the cluster)"
	@echo "[run] starting Berth (Ctrl-C stops it)"
	@java -Dquarkus.log.console.json.enabled=false -jar $(JAR)

clean: ## remove build output
	@$(MVN) -q clean
