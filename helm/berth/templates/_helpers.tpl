{{/* Name of the chart's objects: the release name when it already says "berth", else "<release>-berth". */}}
{{- define "berth.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains "berth" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-berth" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
Selector labels. They are immutable on a Deployment: never add to them, or `helm upgrade` fails
("field is immutable"). These two are the ones of chart 0.1.0.
*/}}
{{- define "berth.selectorLabels" -}}
app.kubernetes.io/name: berth
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "berth.labels" -}}
{{ include "berth.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: berth
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "berth.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "berth.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "berth.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "berth.leaseName" -}}
{{- default (printf "%s-leader" (include "berth.fullname" .)) .Values.leaderElection.leaseName -}}
{{- end -}}

{{/*
What the controllers use (read from the reconcilers; the end-to-end tests run the operator with exactly
these rules, so a missing verb fails them):
  tasks                 informers, create (Service tasks), edit (stop), delete (TTL), finalizer
  services              informer, finalizer (drain on delete)
  taskdefinitions       informer
  taskdefinitionrevisions informers, create (register), delete (prune)
  clusters              informers, create (the "default" cluster on first use)
  batchjobs             informers (the jobs and the jobs they depend on)
  jobqueues             informers (the batch controller; the JobQueue controller writes their status)
  securitygroups        informers (the SecurityGroup controller; the Task controller resolves a task's groups)
  networkpolicies       informer, create, edit (one per SecurityGroup, owned by it)
  <kind>/status         status writes of every kind
  pods                  informer, create, delete (stop), patch/update (release the berth.dev/task-status finalizer)
  core services         informer, get (someone else's Service of the same name), create, edit, delete (loadBalancers)
  secrets               get only (a task waits for the Secrets its containers reference)
  events                create, patch (a repeated Event's count, as client-go's recorder)
  nodes                 get, list, watch: DAEMON services (a ClusterRole of its own in rbac.yaml, nodes are cluster-scoped)
*/}}
{{- define "berth.operatorRules" -}}
- apiGroups: [berth.dev]
  resources: [tasks]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [berth.dev]
  resources: [services]
  verbs: [get, list, watch, update, patch]
- apiGroups: [berth.dev]
  resources: [taskdefinitions]
  verbs: [get, list, watch]
- apiGroups: [berth.dev]
  resources: [taskdefinitionrevisions]
  verbs: [get, list, watch, create, delete]
- apiGroups: [berth.dev]
  resources: [clusters]
  verbs: [get, list, watch, create]
# ScheduledTasks: delete for actionAfterCompletion DELETE
- apiGroups: [berth.dev]
  resources: [scheduledtasks]
  verbs: [get, list, watch, delete]
- apiGroups: [berth.dev]
  resources: [batchjobs, jobqueues, securitygroups]
  verbs: [get, list, watch]
- apiGroups: [berth.dev]
  resources: [tasks/status, services/status, taskdefinitions/status, taskdefinitionrevisions/status, clusters/status, scheduledtasks/status, batchjobs/status, jobqueues/status, securitygroups/status]
  verbs: [get, update, patch]
# the autoscaler: desiredCount through /scale, and the task Pods' usage from metrics.k8s.io
- apiGroups: [berth.dev]
  resources: [services/scale]
  verbs: [get, update, patch]
- apiGroups: [metrics.k8s.io]
  resources: [pods]
  verbs: [get, list]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [services]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
# security groups (one NetworkPolicy per SecurityGroup, owned by it) and the network mode none (each such task's
# isolating NetworkPolicy, owned by the Task; garbage collection deletes it)
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch, create, update, patch]
{{- if .Values.config.createServiceAccounts }}
# config.createServiceAccounts: the ServiceAccounts of task roles (IAM Roles for Service Accounts)
- apiGroups: [""]
  resources: [serviceaccounts]
  verbs: [get, create]
{{- end }}
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
{{- if .Values.ecsApi.enabled }}
# the ECS API writes what its callers may write (each call is authorised first with a SubjectAccessReview of the
# caller's ServiceAccount): RegisterTaskDefinition, CreateService/DeleteService, CreateCluster/DeleteCluster
- apiGroups: [berth.dev]
  resources: [taskdefinitions]
  verbs: [create, update, patch]
- apiGroups: [berth.dev]
  resources: [services]
  verbs: [create, delete]
- apiGroups: [berth.dev]
  resources: [clusters]
  verbs: [update, patch, delete]
{{- end }}
{{- end -}}

{{/*
The price table as berth.usage.* properties (dev.berth.config.BerthConfig.UsageSettings).
*/}}
{{- define "berth.usageProperties" -}}
{{- $u := .Values.usage -}}
berth.usage.region={{ $u.region }}
berth.usage.currency={{ $u.currency }}
berth.usage.x86-vcpu-hour={{ $u.x86.vcpuHour }}
berth.usage.x86-gb-hour={{ $u.x86.gbHour }}
berth.usage.arm-vcpu-hour={{ $u.arm.vcpuHour }}
berth.usage.arm-gb-hour={{ $u.arm.gbHour }}
berth.usage.windows-vcpu-hour={{ $u.windows.vcpuHour }}
berth.usage.windows-gb-hour={{ $u.windows.gbHour }}
berth.usage.windows-license-vcpu-hour={{ $u.windows.licenseVcpuHour | default 0 }}
berth.usage.ephemeral-storage-gb-hour={{ $u.ephemeralStorageGbHour }}
berth.usage.spot-discount={{ $u.spotDiscount }}
{{- range $name, $p := $u.capacityProviders }}
berth.usage.capacity-providers.{{ $name }}.vcpu-hour={{ $p.vcpuHour }}
berth.usage.capacity-providers.{{ $name }}.gb-hour={{ $p.gbHour }}
{{- if $p.licenseVcpuHour }}
berth.usage.capacity-providers.{{ $name }}.os-license-vcpu-hour={{ $p.licenseVcpuHour }}
{{- end }}
{{- end }}
{{- end -}}
