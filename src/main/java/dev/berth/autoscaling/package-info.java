/**
 * Application Auto Scaling for Services: a pure core ({@link dev.berth.autoscaling.ScalingPlanner} with target
 * tracking, step scaling, scheduled actions and cooldowns) and its adapters ({@link dev.berth.autoscaling.Autoscaler}:
 * metrics.k8s.io and Prometheus readers, the typed /scale write of {@link dev.berth.autoscaling.ServiceScaler}). No
 * informer and no status write here: the Service controller drives it from its caches and writes its report.
 */
package dev.berth.autoscaling;
