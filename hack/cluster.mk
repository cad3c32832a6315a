# Local Kubernetes control plane for end-to-end tests and the quick start (see docs/simulation.md).
# Included by the top-level Makefile (`include hack/cluster.mk`); also usable on its own:
#   make -f hack/cluster.mk cluster
#
#   make cluster          build the binaries once (cached in $(BERTH_CACHE)), start or reuse the cluster
#   make cluster-down     stop the cluster, leave no processes behind
#   make cluster-smoke    prove the simulation contract on the running cluster
#   make cluster-build    only build/cache the binaries
#   make cluster-env      print `export KUBECONFIG=...` (eval "$(make -s cluster-env)")

# Keep the including Makefile's default goal (this fragment must not make `make` start a cluster).
BERTH_CLUSTER_SAVED_GOAL := $(.DEFAULT_GOAL)
BERTH_CLUSTER_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BERTH_CLUSTER_DIR ?= $(abspath $(BERTH_CLUSTER_MK_DIR)/../build/cluster)
BERTH_CACHE ?= $(HOME)/.cache/berth
export BERTH_CLUSTER_DIR BERTH_CACHE

.PHONY: cluster cluster-down cluster-smoke cluster-build cluster-env

cluster: ## start (or reuse) the local kwok cluster; kubeconfig in build/cluster/kubeconfig
	@$(BERTH_CLUSTER_MK_DIR)/cluster/up.sh

cluster-down: ## stop the local cluster, no processes left behind
	@$(BERTH_CLUSTER_MK_DIR)/cluster/down.sh

cluster-smoke: ## prove the cluster and the sim.berth.dev/ simulation (docs/simulation.md)
	@$(BERTH_CLUSTER_MK_DIR)/cluster/smoke.sh

cluster-build: ## build/cache the control-plane binaries only (~14 min the first time)
	@$(BERTH_CLUSTER_MK_DIR)/cluster/build.sh

cluster-env: ## print export lines for KUBECONFIG and kubectl v1.36 (use with eval)
	@echo 'export KUBECONFIG=$(BERTH_CLUSTER_DIR)/kubeconfig KUBECACHEDIR=$(BERTH_CLUSTER_DIR)/kube-cache'
	@$(BERTH_CLUSTER_MK_DIR)/cluster/build.sh --print-env | sed -n 's/^BERTH_K8S_BIN=\(.*\)/export PATH=\1:$$PATH/p'

.DEFAULT_GOAL := $(BERTH_CLUSTER_SAVED_GOAL)
