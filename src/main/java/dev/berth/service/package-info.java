/**
 * The pure core of ECS services: {@link dev.berth.service.ServicePlanner} turns one observation of a Service and its
 * Tasks into the tasks to launch, the tasks to stop, the next status and the events, following the ECS service
 * scheduler (rolling deployments, circuit breaker, throttling, capacity provider strategy). No client, clock or
 * randomness: the same observation always gives the same plan.
 */
package dev.berth.service;
