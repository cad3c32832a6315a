-- Argo CD health of a Berth Task (berth.dev/v1alpha1): the ECS lastStatus and the Ready condition.
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
local function unsupported(status, message)
  local u = condition(status, "UnsupportedFields")
  if u ~= nil and u.status == "True" then
    return message .. " (not applied: " .. (u.message or "") .. ")"
  end
  return message
end

local status = obj.status
if status == nil or status.lastStatus == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up the task"
  return hs
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
local ready = condition(status, "Ready")
if status.lastStatus == "STOPPED" then
  local reason = status.stoppedReason or status.stopCode or "Stopped"
  if status.stopCode == "UserInitiated" then
    hs.status = "Suspended"
    hs.message = "Stopped by the user: " .. reason
  elseif status.stopCode == "ServiceSchedulerInitiated" then
    hs.status = "Healthy"
    hs.message = "Stopped by its service: " .. reason
  elseif status.stopCode == "EssentialContainerExited" and status.exitCode == 0 then
    hs.status = "Healthy"
    hs.message = "Completed: exit code 0"
  else
    hs.status = "Degraded"
    if status.exitCode ~= nil then
      hs.message = reason .. " (exit code " .. status.exitCode .. ")"
    else
      hs.message = reason
    end
  end
  return hs
end
if status.lastStatus == "RUNNING" then
  if status.healthStatus == "UNHEALTHY" then
    hs.status = "Degraded"
    hs.message = "Running, but an essential container is UNHEALTHY"
  else
    hs.status = "Healthy"
    hs.message = unsupported(status, "Running")
  end
  return hs
end
-- PROVISIONING .. ACTIVATING, or DEACTIVATING .. DEPROVISIONING: on its way.
hs.status = "Progressing"
if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
  hs.message = status.lastStatus .. ": " .. ready.message
else
  hs.message = status.lastStatus
end
return hs
