# Berth — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
MVN ?= mvn -B -ntp -Dstyle.color=never
JAR := target/quarkus-app/quarkus-run.jar

include hack/cluster.mk

.PHONY: help build test unit crds run format clean helm manifests chart-check image tools bench chaos dashboard-picture

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

build: ## compile and package the operator (target/quarkus-app)
	@echo "[build] packaging the operator (first run downloads dependencies: a few minutes)"
	@$(MVN) -q package -DskipTests
	@echo "[build] done: $(JAR)"

test: tools ## every test: unit and mock-server tests, then on the local control plane the end-to-end tests
	@was_running=$$(bash -c 'source build/cluster/env && kubectl get --raw /readyz --request-timeout=3s' >/dev/null 2>&1 && echo yes); \
	echo "[test] 1/3 local control plane (make cluster; the first build takes ~15 min, later runs seconds)"; \
	$(MAKE) -s cluster || exit 1; \
	echo "[test] 2/3 mvn verify: unit and mock-server tests, packaging, crds/ drift check, end-to-end tests"; \
	$(MVN) verify; rc=$$?; \
	if [ -z "$$was_running" ]; then echo "[test] 3/3 stopping the cluster this run started"; $(MAKE) -s cluster-down; fi; \
	exit $$rc

unit: tools ## the fast tier only (pure and mock-server tests, no cluster)
	@$(MVN) test

bench: ## benchmarks vs the Job/ReplicaSet controllers (docs/benchmarks.md); BENCH=Burst BENCH_N=1000 BENCH_RUNS=3
	@echo "[bench] 1/3 local control plane (make cluster)"; \
	$(MAKE) -s cluster || exit 1; \
	echo "[bench] 2/3 packaging the operator, then 3/3 running $(if $(BENCH),$(BENCH)Bench,every *Bench) (N=$(or $(BENCH_N),default) runs=$(or $(BENCH_RUNS),default); progress: [bench ...] lines; results: docs/benchmarks/)"; \
	$(MVN) verify -Pbench $(if $(BENCH),-Dit.test='$(BENCH)Bench' -Dfailsafe.failIfNoSpecifiedTests=false) \
	  $(if $(BENCH_N),-Dberth.bench.n=$(BENCH_N)) $(if $(BENCH_RUNS),-Dberth.bench.runs=$(BENCH_RUNS)) $(BENCH_ARGS)

chaos: ## faults on the local control plane with figures (docs/reliability.md); CHAOS=OperatorKill CHAOS_REPS=20 CHAOS_SEED= CHAOS_SOAK=30m CHAOS_FUZZ=2000
	@echo "[chaos] 1/3 local control plane (make cluster)"; \
	$(MAKE) -s cluster || exit 1; \
	echo "[chaos] 2/3 packaging the operator, then 3/3 running $(if $(CHAOS),$(CHAOS)ChaosIT,every *ChaosIT, the soak, HostileInputIT and EcsApiFuzzIT) ($(or $(CHAOS_REPS),20) repetitions, bursts of $(or $(CHAOS_BURST),500) tasks, services of $(or $(CHAOS_SERVICE_TASKS),20) tasks, arrays of $(or $(CHAOS_ARRAY),100) children, soak $(or $(CHAOS_SOAK),30m); progress: [chaos ...] lines; results: docs/reliability/)"; \
	$(MVN) verify -Pchaos $(if $(CHAOS),-Dit.test='$(CHAOS)ChaosIT' -Dfailsafe.failIfNoSpecifiedTests=false) \
	  -Dberth.chaos.reps=$(or $(CHAOS_REPS),20) -Dberth.chaos.burst=$(or $(CHAOS_BURST),500) \
	  -Dberth.chaos.service-tasks=$(or $(CHAOS_SERVICE_TASKS),20) -Dberth.chaos.array=$(or $(CHAOS_ARRAY),100) -Dberth.chaos.soak=$(or $(CHAOS_SOAK),30m) -Dberth.chaos.api-server-restarts=true \
	  -Dberth.e2e.fuzz.documents=$(or $(CHAOS_FUZZ),2000) -Dberth.e2e.fuzz.requests=$(or $(CHAOS_FUZZ),2000) -Dberth.e2e.fuzz.seed=$(or $(CHAOS_SEED),random) \
	  $(if $(CHAOS_SEED),-Dberth.chaos.seed=$(CHAOS_SEED)) $(CHAOS_ARGS)

crds: ## regenerate crds/ from the Java model (commit the result)
	@$(MVN) -q package -DskipTests
	@$(MVN) -q failsafe:integration-test failsafe:verify -Dit.test=CrdsIT -Dberth.crds.update=true
	@echo "[crds] crds/ updated from target/kubernetes"
	@hack/helm/manifests.sh

run: ## package and run Berth against KUBECONFIG (or ~/.kube/config), starting the local cluster when there is none; BERTH_PORT=8080
	@MVN="$(MVN)" hack/run.sh

format: ## format the Java sources and sort imports (the build fails on unformatted code)
	@$(MVN) -q net.revelc.code.formatter:formatter-maven-plugin:format net.revelc.code:impsort-maven-plugin:sort

tools: ## what the tests need besides Java and the cluster, idempotently: lua5.4, the AWS CLI v2 and prometheus (apt), helm (built from Go); tests never install
	@hack/tools/lua.sh >/dev/null
	@hack/tools/awscli.sh >/dev/null
	@hack/prometheus.sh >/dev/null
	@hack/helm/build.sh

helm: ## build the helm CLI from its Go module into ~/.cache/berth (first time ~2 min), print its path
	@hack/helm/build.sh && hack/helm/build.sh --print-path

manifests: ## copy crds/ into the chart and regenerate deploy/berth.yaml from helm/berth (commit the result)
	@hack/helm/manifests.sh

chart-check: ## helm lint --strict and the drift check of helm/berth/crds/ and deploy/berth.yaml
	@hack/helm/build.sh && $$(hack/helm/build.sh --print-path) lint --strict helm/berth && hack/helm/manifests.sh --check

image: ## the operator image as an OCI archive without a Docker engine (target/berth-operator-image.tar, docs/install.md)
	@$(MVN) -q package -DskipTests
	@hack/image/build.sh

dashboard-picture: ## draw docs/usage-dashboard.png: the Grafana dashboard's queries against the Prometheus data of the last end-to-end run (e.g. RightSizingIT), in headless Chromium (installs chromium and chart.js the first time)
	@hack/dashboard/picture.sh

clean: ## remove build output
	@$(MVN) -q clean
