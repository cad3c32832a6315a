-- Argo CD health of a Berth ScheduledTask (berth.dev/v1alpha1): its Ready and Degraded conditions.
-- Lua 5.1 (Argo CD's gopher-lua): no goto, no integer division.
local hs = {}
local function condition(status, type)
  if status.conditions ~= nil then
    for _, c in ipairs(status.conditions) do
      if c.type == type then return c end
    end
  end
  return nil
end

local status = obj.status
local ready = status ~= nil and condition(status, "Ready") or nil
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up the schedule"
  return hs
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
if ready.reason == "Disabled" then
  hs.status = "Suspended"
  hs.message = "Disabled: nothing runs"
  return hs
end
local degraded = condition(status, "Degraded")
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = degraded.message or degraded.reason
  return hs
end
if ready.status ~= "True" then
  hs.status = "Degraded"
  hs.message = ready.message or ready.reason
  return hs
end
hs.status = "Healthy"
if status.lastResult ~= nil then
  hs.message = ready.message .. "; last run " .. status.lastResult
else
  hs.message = ready.message
end
return hs
