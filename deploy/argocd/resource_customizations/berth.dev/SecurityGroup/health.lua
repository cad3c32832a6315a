-- Argo CD health of a Berth SecurityGroup (berth.dev/v1alpha1): its Ready condition (the NetworkPolicy holds every
-- rule) and the tasks it covers. Lua 5.1 (Argo CD's gopher-lua).
local hs = {}
local status = obj.status
local ready = nil
if status ~= nil and status.conditions ~= nil then
  for _, c in ipairs(status.conditions) do
    if c.type == "Ready" then ready = c end
  end
end
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "NetworkPolicy " .. (status.networkPolicyName or "?") .. ": " .. (status.taskCount or 0) .. " tasks"
else
  hs.status = "Degraded"
  hs.message = ready.message or ready.reason
end
return hs
