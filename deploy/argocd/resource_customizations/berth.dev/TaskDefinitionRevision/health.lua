-- Argo CD health of a Berth TaskDefinitionRevision (berth.dev/v1alpha1): written by the operator only.
-- ACTIVE is healthy; INACTIVE (deregistered, kept while tasks use it) is suspended.
-- Lua 5.1 (Argo CD's gopher-lua).
local hs = {}
local status = obj.status
if status == nil or status.status == nil then
  hs.status = "Progressing"
  hs.message = "Being registered"
  return hs
end
if status.status == "ACTIVE" then
  hs.status = "Healthy"
  hs.message = "ACTIVE"
elseif status.status == "INACTIVE" then
  hs.status = "Suspended"
  hs.message = "INACTIVE (deregistered)"
else
  hs.status = "Progressing"
  hs.message = status.status
end
return hs
