-- Argo CD health of a Berth Service (berth.dev/v1alpha1): its Degraded, Progressing and Available conditions.
-- Lua 5.1 (Argo CD's gopher-lua).
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
if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up the service"
  return hs
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
local degraded = condition(status, "Degraded")
local progressing = condition(status, "Progressing")
local available = condition(status, "Available")
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = degraded.message or degraded.reason
  return hs
end
if progressing ~= nil and progressing.status == "True" then
  hs.status = "Progressing"
  hs.message = progressing.message or progressing.reason
  return hs
end
if available ~= nil and available.status == "True" then
  hs.status = "Healthy"
  hs.message = available.message or available.reason
  return hs
end
hs.status = "Progressing"
if available ~= nil then
  hs.message = available.message or available.reason
else
  hs.message = "Waiting for tasks"
end
return hs
