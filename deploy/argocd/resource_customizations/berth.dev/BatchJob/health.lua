-- Argo CD health of a Berth BatchJob (berth.dev/v1alpha1): the AWS Batch job status.
-- SUCCEEDED is Healthy, FAILED Degraded, a cancelled or terminated job Suspended, anything else
-- (SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING) Progressing, with the array's counts.
-- Lua 5.1 (Argo CD's gopher-lua).
local hs = {}
local status = obj.status
if status == nil or status.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to evaluate the job"
  return hs
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
local function counts()
  if status.arrayProperties == nil or status.arrayProperties.statusSummary == nil then
    return ""
  end
  local s = status.arrayProperties.statusSummary
  return " (" .. (s.SUCCEEDED or 0) .. " succeeded, " .. (s.FAILED or 0) .. " failed, "
      .. (s.RUNNING or 0) .. " running of " .. (status.arrayProperties.size or 0) .. ")"
end
local reason = ""
if status.statusReason ~= nil then
  reason = ": " .. status.statusReason
end
if status.status == "SUCCEEDED" then
  hs.status = "Healthy"
elseif status.status == "FAILED" and (status.isCancelled or status.isTerminated) then
  hs.status = "Suspended"
elseif status.status == "FAILED" then
  hs.status = "Degraded"
else
  hs.status = "Progressing"
end
hs.message = status.status .. reason .. counts()
return hs
