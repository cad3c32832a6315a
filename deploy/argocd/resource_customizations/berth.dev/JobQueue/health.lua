-- Argo CD health of a Berth JobQueue (berth.dev/v1alpha1): AWS Batch's queue status.
-- VALID and ENABLED is Healthy, INVALID Degraded (a compute environment names a Cluster or capacity
-- provider that does not exist), DISABLED Suspended; the jobs waiting and running and the vCPUs in use
-- in the message. Lua 5.1 (Argo CD's gopher-lua).
local hs = {}
local status = obj.status
if status == nil or status.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to evaluate the queue"
  return hs
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
local counts = ""
if status.jobSummary ~= nil then
  counts = " (" .. (status.jobSummary.RUNNABLE or 0) .. " runnable, " .. (status.jobSummary.RUNNING or 0)
      .. " running, vCPUs " .. (status.vcpus or "0") .. ")"
end
if status.status == "INVALID" then
  hs.status = "Degraded"
  hs.message = "INVALID: " .. (status.statusReason or "") .. counts
elseif status.state == "DISABLED" then
  hs.status = "Suspended"
  hs.message = "DISABLED: accepts no new jobs" .. counts
else
  hs.status = "Healthy"
  hs.message = "VALID" .. counts
end
return hs
