-- Argo CD health of a Berth TaskDefinition (berth.dev/v1alpha1): Ready once its revision is registered.
-- Fields accepted but not applied (UnsupportedFields) show in the message; they do not degrade it.
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
  hs.message = "Waiting for the operator to register a revision"
  return hs
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to register generation " .. obj.metadata.generation
  return hs
end
local ready = condition(status, "Ready")
if ready == nil or ready.status ~= "True" then
  hs.status = "Progressing"
  hs.message = (ready and ready.message) or "Waiting for the operator to register a revision"
  return hs
end
hs.status = "Healthy"
hs.message = ready.message or ready.reason
local u = condition(status, "UnsupportedFields")
if u ~= nil and u.status == "True" then
  hs.message = hs.message .. " (not applied: " .. (u.message or "") .. ")"
end
return hs
