/**
 * ECS services. The controller has the Task controller's shape: {@link dev.berth.service.ServiceObserver} reads the
 * caches, {@link dev.berth.service.ServiceScheduler#decide} decides (pure: the ECS scheduler
 * {@link dev.berth.service.ServicePlanner} with its parts — rollout, circuit breaker, stop order, DAEMON placement,
 * problems, status — then the missing cluster, the load balancers' Kubernetes Service, unsupported fields, the
 * autoscaler's report), {@link dev.berth.service.ServiceReconciler} creates what the status names (the Kubernetes Service, the
 * launched
 * Tasks), writes the status once, then stops and deletes: the sealed {@link dev.berth.service.ServiceAction}s, carried
 * out by {@link dev.berth.service.ServiceActions}. The autoscaler runs on
 * this controller's caches ({@link dev.berth.service.AutoscalingTimer}). No client, clock or randomness in the
 * decision: the same inputs always give the same decision.
 */
package dev.berth.service;
