using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>
/// A fake Kubernetes API server on 127.0.0.1 (HTTPS with its own self-signed CA, bearer-token auth) that answers with the API server's
/// wire format: discovery, get/list (label and field selectors, server-side Table printing), watch, create,
/// update, the three patch types, delete, the scale subresource, and a rollout simulator. The real kubectl and
/// KubernetesClient both talk to it through <see cref="WriteKubeconfig"/>.
/// </summary>
public sealed partial class FakeKubeServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ObjectStore _store = new();
    private readonly RolloutSimulator _simulator;
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _loop;

    private FakeKubeServer()
    {
        Token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'a').Replace('/', 'b').TrimEnd('=');
        _certificate = SelfSignedCertificate();
        _simulator = new RolloutSimulator(this, _store);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public string Server => $"https://127.0.0.1:{Port}";

    /// <summary>The bearer token the fake accepts; every other request gets 401.</summary>
    public string Token { get; }

    /// <summary>The server's self-signed certificate (PEM), the kubeconfig's certificate-authority-data.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>How long a rollout takes to complete (or fail) after a template or replica change.</summary>
    public TimeSpan RolloutDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    public string NodeName { get; set; } = "fake-node-1";

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Called with "METHOD path?query" before each authorised request is served: a test that must change an object
    /// between a client's read and its write does it here, as a controller or another client would.
    /// </summary>
    public Action<string>? BeforeServing { get; set; }

    /// <summary>"METHOD path?query content-type" of each request, for tests that check what a client sent.</summary>
    public IReadOnlyCollection<string> Requests => _requests.ToArray();

    /// <summary>Starts a server on a free loopback port.</summary>
    public static FakeKubeServer Start() => new();

    /// <summary>Writes a kubeconfig (cluster, bearer-token user, context with a namespace) and returns its path.</summary>
    public string WriteKubeconfig(string path, string defaultNamespace = "default", string contextName = "fake")
    {
        var text = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{contextName}}-cluster
              cluster:
                server: {{Server}}
                certificate-authority-data: {{Convert.ToBase64String(Encoding.ASCII.GetBytes(CertificatePem))}}
            users:
            - name: {{contextName}}-user
              user:
                token: {{Token}}
            contexts:
            - name: {{contextName}}
              context:
                cluster: {{contextName}}-cluster
                user: {{contextName}}-user
                namespace: {{defaultNamespace}}
            current-context: {{contextName}}
            preferences: {}

            """;
        File.WriteAllText(path, text);
        return path;
    }

    // ---- Seeding and test hooks -------------------------------------------------------------------------------

    public JsonObject? Get(string kind, string? ns, string name) => _store.Get(ResourceKind.ByKind(kind), ns, name);

    public List<JsonObject> List(string kind, string? ns) => _store.List(ResourceKind.ByKind(kind), ns);

    /// <summary>Changes an object as a controller or another client would (new resourceVersion, watch event).</summary>
    public JsonObject Update(string kind, string ns, string name, Action<JsonObject> change)
    {
        var resource = ResourceKind.ByKind(kind);
        var obj = _store.Get(resource, ns, name) ?? throw new InvalidOperationException($"no {kind} {ns}/{name}");
        var before = (JsonObject)obj.DeepClone();
        change(obj);
        return Write(resource, before, obj, immediate: false);
    }

    public void AddNamespace(string name)
    {
        var kind = ResourceKind.ByKind("Namespace");
        if (_store.Get(kind, null, name) is null)
        {
            _store.Put(kind, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = name, ["uid"] = Guid.NewGuid().ToString(), ["creationTimestamp"] = Json.Now(), ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
        }
    }

    /// <summary>A Deployment (label app=NAME) whose first rollout has completed, with its ReplicaSet and pods.</summary>
    public JsonObject AddDeployment(string ns, string name, int replicas = 2, string? image = null, System.Collections.IDictionary? templateAnnotations = null, bool paused = false)
    {
        AddNamespace(ns);
        var container = new JsonObject
        {
            ["name"] = "app",
            ["image"] = string.IsNullOrEmpty(image) ? $"registry.example.com/{name}:1.0.0" : image,
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "TCP" }),
            ["resources"] = new JsonObject(),
            ["terminationMessagePath"] = "/dev/termination-log",
            ["terminationMessagePolicy"] = "File",
            ["imagePullPolicy"] = "IfNotPresent",
        };
        var templateMeta = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } };
        if (templateAnnotations is { Count: > 0 })
        {
            templateMeta["annotations"] = Json.Labels(templateAnnotations);
        }

        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = templateMeta,
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(container),
                        ["restartPolicy"] = "Always",
                        ["terminationGracePeriodSeconds"] = 30,
                        ["dnsPolicy"] = "ClusterFirst",
                        ["schedulerName"] = "default-scheduler",
                        ["securityContext"] = new JsonObject(),
                    },
                },
                ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" } },
                ["revisionHistoryLimit"] = 10,
                ["progressDeadlineSeconds"] = 600,
            },
        };
        var created = Create(ResourceKind.ByKind("Deployment"), ns, deployment, immediate: true);
        if (paused)
        {
            return Write(ResourceKind.ByKind("Deployment"), created, SetPaused(created), immediate: true);
        }

        return _store.Get(ResourceKind.ByKind("Deployment"), ns, name)!;
    }

    private static JsonObject SetPaused(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["spec"]!["paused"] = true;
        return copy;
    }

    /// <summary>A ClusterIP Service selecting app=SELECTORAPP (default: its own name).</summary>
    public JsonObject AddService(string ns, string name, string? selectorApp = null, int port = 80)
    {
        AddNamespace(ns);
        var service = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = $"10.96.{RandomNumberGenerator.GetInt32(1, 250)}.{RandomNumberGenerator.GetInt32(1, 250)}",
                ["selector"] = new JsonObject { ["app"] = string.IsNullOrEmpty(selectorApp) ? name : selectorApp },
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = port, ["targetPort"] = 8080, ["protocol"] = "TCP" }),
                ["sessionAffinity"] = "None",
            },
            ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() },
        };
        var created = Create(ResourceKind.ByKind("Service"), ns, service, immediate: true);
        _simulator.SyncEndpoints(ns);
        return created;
    }

    public JsonObject AddIngress(string ns, string name, string host, string serviceName, int servicePort = 80)
    {
        AddNamespace(ns);
        var path = new JsonObject
        {
            ["path"] = "/",
            ["pathType"] = "Prefix",
            ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = serviceName, ["port"] = new JsonObject { ["number"] = servicePort } } },
        };
        return Create(ResourceKind.ByKind("Ingress"), ns, new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["ingressClassName"] = "nginx",
                ["rules"] = new JsonArray(new JsonObject { ["host"] = host, ["http"] = new JsonObject { ["paths"] = new JsonArray(path) } }),
            },
            ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = "172.18.0.10" }) } },
        }, immediate: true);
    }

    public JsonObject AddHorizontalPodAutoscaler(string ns, string name, string deployment, int min, int max, int current, int desired)
    {
        AddNamespace(ns);
        return Create(ResourceKind.All.First(r => r.Kind == "HorizontalPodAutoscaler" && r.Version == "v2"), ns, new JsonObject
        {
            ["apiVersion"] = "autoscaling/v2",
            ["kind"] = "HorizontalPodAutoscaler",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = deployment },
                ["minReplicas"] = min,
                ["maxReplicas"] = max,
                ["metrics"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 70 } },
                }),
            },
            ["status"] = new JsonObject
            {
                ["currentReplicas"] = current,
                ["desiredReplicas"] = desired,
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "ScalingLimited",
                    ["status"] = desired >= max ? "True" : "False",
                    ["reason"] = desired >= max ? "TooManyReplicas" : "DesiredWithinRange",
                    ["message"] = desired >= max ? "the desired replica count is more than the maximum replica count" : "the desired count is within the acceptable range",
                    ["lastTransitionTime"] = Json.Now(),
                }),
            },
        }, immediate: true);
    }

    /// <summary>An event about an object (Kind/name), at a given time.</summary>
    public void AddEvent(string ns, string kind, string name, string type, string reason, string message, DateTimeOffset when)
    {
        var involved = _store.Get(ResourceKind.ByKind(kind), ns, name) ?? new JsonObject
        {
            ["apiVersion"] = ResourceKind.ByKind(kind).GroupVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString() },
        };
        _simulator.Event(ns, involved, type, reason, message, when);
    }

    /// <summary>The deployment's current pods crash-loop with OOMKilled as their last termination; a rollout replaces them.</summary>
    public void BreakPods(string ns, string deployment, int restarts = 7) => _simulator.BreakPods(ns, deployment, restarts);

    /// <summary>
    /// Makes the templates this deployment rolls out from now on fail (Progressing=False, ProgressDeadlineExceeded):
    /// their pods crash-loop. Rolling back to an older template works, as it would with a bad image.
    /// </summary>
    public void FailRollouts(string ns, string deployment, bool fail = true) => _failing[$"{ns}/{deployment}"] = fail;

    internal bool IsFailing(string ns, string deployment) => _failing.TryGetValue($"{ns}/{deployment}", out var fail) && fail;

    /// <summary>The ReplicaSets a deployment owns, oldest revision first.</summary>
    public List<JsonObject> ReplicaSetsOf(string ns, string deployment) =>
        _simulator.OwnedReplicaSets(_store.Get(ResourceKind.ByKind("Deployment"), ns, deployment)!).OrderBy(RolloutSimulator.Revision).ToList();

    // ---- Writes ------------------------------------------------------------------------------------------------

    private JsonObject Create(ResourceKind kind, string? ns, JsonObject obj, bool immediate)
    {
        Json.DropNulls(obj);
        var meta = obj.Meta();
        if (kind.Namespaced)
        {
            meta["namespace"] = ns;
        }

        if (meta.Str("name") is null && meta.Str("generateName") is { } prefix)
        {
            meta["name"] = prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        }

        var name = meta.Str("name") ?? throw new FakeKubeException(422, "Invalid", $"{kind.Kind} \"\" is invalid: metadata.name: Required value: name or generateName is required");
        if (_store.Get(kind, kind.Namespaced ? ns : null, name) is not null)
        {
            throw new FakeKubeException(409, "AlreadyExists", $"{kind.QualifiedName} \"{name}\" already exists");
        }

        obj["apiVersion"] = kind.GroupVersion;
        obj["kind"] = kind.Kind;
        if (kind.Kind == "Namespace")
        {
            // As the API server's namespace strategy does: the name label, the kubernetes finalizer, phase Active.
            meta.Obj("labels")["kubernetes.io/metadata.name"] = name;
            obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }

        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Json.Now();
        if (obj["spec"] is not null && kind.Group.Length > 0)
        {
            meta["generation"] = 1;
        }

        var stored = _store.Put(kind, obj);
        _simulator.SpecChanged(kind, ns ?? string.Empty, name, immediate);
        return _store.Get(kind, kind.Namespaced ? ns : null, name) ?? stored;
    }

    // An update or patch: generation moves when the spec changes; a Deployment, StatefulSet or DaemonSet starts a rollout.
    private JsonObject Write(ResourceKind kind, JsonObject before, JsonObject after, bool immediate)
    {
        Json.DropNulls(after);
        var meta = after.Meta();
        var beforeMeta = before.Meta();
        foreach (var fixedField in new[] { "name", "namespace", "uid", "creationTimestamp", "generation" })
        {
            meta[fixedField] = beforeMeta[fixedField]?.DeepClone();
        }

        after["apiVersion"] = before["apiVersion"]?.DeepClone();
        after["kind"] = before["kind"]?.DeepClone();
        var specChanged = !JsonNode.DeepEquals(before["spec"], after["spec"]);
        if (specChanged && beforeMeta["generation"] is not null)
        {
            meta["generation"] = beforeMeta.Long("generation", 1) + 1;
        }

        var stored = _store.Put(kind, after);
        if (specChanged)
        {
            _simulator.SpecChanged(kind, meta.Str("namespace") ?? string.Empty, meta.Str("name")!, immediate);
        }

        if (kind.Kind == "Pod" && !JsonNode.DeepEquals(beforeMeta["labels"], meta["labels"]))
        {
            _simulator.PodLabelsChanged(meta.Str("namespace")!, meta.Str("name")!);
        }

        if (kind.Kind is "Pod" or "Service")
        {
            _simulator.SyncEndpoints(meta.Str("namespace")!);
        }

        return _store.Get(kind, kind.Namespaced ? meta.Str("namespace") : null, meta.Str("name")!) ?? stored;
    }

    // ---- HTTPS -------------------------------------------------------------------------------------------------

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fake-kube-apiserver", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Re-imported so SslStream can use the key on every platform.
        return new X509Certificate2(made.Export(X509ContentType.Pkcs12));
    }

    private async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stopping.Token).ConfigureAwait(false);
                var exchange = await HttpExchange.ReadAsync(tls, _stopping.Token).ConfigureAwait(false);
                if (exchange is not null)
                {
                    await HandleAsync(exchange).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or AuthenticationException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // the client went away, or the server stops
            }
        }
    }

    private async Task HandleAsync(HttpExchange exchange)
    {
        try
        {
            _requests.Enqueue($"{exchange.Method} {exchange.PathAndQuery} {exchange.Header("Content-Type")}".TrimEnd());
            if (exchange.Header("Authorization") != $"Bearer {Token}")
            {
                throw new FakeKubeException(401, "Unauthorized", "Unauthorized");
            }

            BeforeServing?.Invoke($"{exchange.Method} {exchange.PathAndQuery}");

            if (exchange.Method is "POST" or "PUT" && KubeProtobuf.IsProtobuf(exchange.Header("Content-Type")))
            {
                // kubectl's typed create commands send protobuf. The fake reads the kinds they create (KubeProtobuf) into
                // the JSON it stores and answers in JSON, which kubectl accepts (it asks for protobuf or JSON); any other
                // kind in protobuf gets 415 with the media types the fake reads.
                exchange.ReplaceBody(KubeProtobuf.ToJson(exchange.RawBody).ToJsonString());
            }

            await RouteAsync(exchange).ConfigureAwait(false);
        }
        catch (FakeKubeException ex)
        {
            await WriteJsonAsync(exchange, ex.Code, Status(ex.Code, ex.Reason, ex.Message)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (IOException or OperationCanceledException or ObjectDisposedException))
        {
            await WriteJsonAsync(exchange, 500, Status(500, "InternalError", ex.Message)).ConfigureAwait(false);
        }
    }

    private async Task RouteAsync(HttpExchange exchange)
    {
        var path = exchange.Path.TrimEnd('/');
        var query = exchange.Query;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (path)
        {
            case "/version":
                await WriteJsonAsync(exchange, 200, Discovery.Version()).ConfigureAwait(false);
                return;
            case "/api":
                await WriteJsonAsync(exchange, 200, Discovery.CoreVersions($"127.0.0.1:{Port}")).ConfigureAwait(false);
                return;
            case "/apis":
                await WriteJsonAsync(exchange, 200, Discovery.GroupList()).ConfigureAwait(false);
                return;
        }

        string group;
        string version;
        string[] rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], segments[2..]);
        }
        else if (segments.Length >= 2 && segments[0] == "apis")
        {
            if (segments.Length == 2)
            {
                await WriteJsonAsync(exchange, 200, Discovery.GroupDocument(segments[1]) ?? throw NotFound()).ConfigureAwait(false);
                return;
            }

            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            throw NotFound();
        }

        if (rest.Length == 0)
        {
            await WriteJsonAsync(exchange, 200, Discovery.Resources(group, version) ?? throw NotFound()).ConfigureAwait(false);
            return;
        }

        string? ns = null;
        if (rest[0] == "namespaces" && rest.Length >= 3)
        {
            ns = rest[1];
            rest = rest[2..];
        }

        var kind = ResourceKind.Find(group, version, rest[0]) ?? throw NotFound();
        var name = rest.Length > 1 ? rest[1] : null;
        var sub = rest.Length > 2 ? rest[2] : null;
        if (!kind.Namespaced)
        {
            ns = null;
        }

        var method = exchange.Method;
        if (name is null)
        {
            if (method == "GET" && (query["watch"] is "true" or "1"))
            {
                await WatchAsync(exchange, kind, ns).ConfigureAwait(false);
                return;
            }

            if (method == "GET")
            {
                var items = _store.List(kind, ns)
                    .Where(o => Selectors.MatchesLabels(query["labelSelector"], o.Meta()["labels"]) && Selectors.MatchesFields(query["fieldSelector"], o))
                    .ToList();
                if (WantsTable(exchange))
                {
                    await WriteJsonAsync(exchange, 200, Tables.Build(kind, items, _store.ResourceVersion)).ConfigureAwait(false);
                    return;
                }

                var list = new JsonArray();
                foreach (var item in items)
                {
                    item.Remove("apiVersion");
                    item.Remove("kind");
                    list.Add(item);
                }

                await WriteJsonAsync(exchange, 200, new JsonObject
                {
                    ["kind"] = kind.Kind + "List",
                    ["apiVersion"] = kind.GroupVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = _store.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
                    ["items"] = list,
                }).ConfigureAwait(false);
                return;
            }

            if (method == "POST")
            {
                var created = Create(kind, ns, (JsonObject)JsonNode.Parse(exchange.Body)!, immediate: false);
                await WriteJsonAsync(exchange, 201, Versioned(kind, created)).ConfigureAwait(false);
                return;
            }

            throw new FakeKubeException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }

        var current = _store.Get(kind, ns, name) ?? throw new FakeKubeException(404, "NotFound", $"{kind.QualifiedName} \"{name}\" not found");
        if (sub == "scale")
        {
            await ScaleAsync(exchange, kind, current).ConfigureAwait(false);
            return;
        }

        if (sub == "log")
        {
            await ServeLogAsync(exchange, current).ConfigureAwait(false);
            return;
        }

        switch (method)
        {
            case "GET":
                if (WantsTable(exchange))
                {
                    await WriteJsonAsync(exchange, 200, Tables.Build(kind, [current], _store.ResourceVersion)).ConfigureAwait(false);
                    return;
                }

                await WriteJsonAsync(exchange, 200, Versioned(kind, current)).ConfigureAwait(false);
                return;
            case "PUT":
            {
                var replacement = (JsonObject)JsonNode.Parse(exchange.Body)!;
                CheckResourceVersion(kind, current, replacement);
                if (sub != "status")
                {
                    replacement["status"] = current["status"]?.DeepClone();
                }

                await WriteJsonAsync(exchange, 200, Versioned(kind, Write(kind, current, replacement, immediate: false))).ConfigureAwait(false);
                return;
            }

            case "PATCH":
            {
                CustomResources.CheckPatchType(kind, exchange.Header("Content-Type"));
                var patched = Patches.Apply(exchange.Header("Content-Type") ?? string.Empty, current, exchange.Body);
                CheckResourceVersion(kind, current, patched);
                if (query["dryRun"] == "All")
                {
                    await WriteJsonAsync(exchange, 200, Versioned(kind, patched)).ConfigureAwait(false);
                    return;
                }

                await WriteJsonAsync(exchange, 200, Versioned(kind, Write(kind, current, patched, immediate: false))).ConfigureAwait(false);
                return;
            }

            case "DELETE":
                var deleted = _store.Delete(kind, ns, name)!;
                if (kind.Kind is "Pod" or "Service" && ns is not null)
                {
                    _simulator.SyncEndpoints(ns);
                }

                await WriteJsonAsync(exchange, 200, Versioned(kind, deleted)).ConfigureAwait(false);
                return;
            default:
                throw new FakeKubeException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }
    }

    private static bool WantsTable(HttpExchange exchange) => exchange.Header("Accept")?.Contains("as=Table", StringComparison.Ordinal) == true;

    private static void CheckResourceVersion(ResourceKind kind, JsonObject current, JsonObject incoming)
    {
        var wanted = incoming.Meta().Str("resourceVersion");
        if (wanted is not null && wanted != current.Meta().Str("resourceVersion"))
        {
            throw new FakeKubeException(409, "Conflict", $"Operation cannot be fulfilled on {kind.QualifiedName} \"{current.Meta().Str("name")}\": the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    // The Scale subresource (autoscaling/v1 Scale) of deployments, replicasets and statefulsets.
    private async Task ScaleAsync(HttpExchange exchange, ResourceKind kind, JsonObject current)
    {
        static JsonObject ScaleOf(JsonObject obj) => new()
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = obj.Meta().Str("name"),
                ["namespace"] = obj.Meta().Str("namespace"),
                ["uid"] = obj.Meta().Str("uid"),
                ["resourceVersion"] = obj.Meta().Str("resourceVersion"),
                ["creationTimestamp"] = obj.Meta().Str("creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"].Long("replicas", 1) },
            ["status"] = new JsonObject { ["replicas"] = obj["status"].Long("replicas"), ["selector"] = Selectors.FromMatchLabels(obj["spec"]?["selector"]) },
        };

        var scale = ScaleOf(current);
        if (exchange.Method == "GET")
        {
            await WriteJsonAsync(exchange, 200, scale).ConfigureAwait(false);
            return;
        }

        var changed = exchange.Method switch
        {
            "PUT" => (JsonObject)JsonNode.Parse(exchange.Body)!,
            "PATCH" => Patches.Apply(exchange.Header("Content-Type") ?? string.Empty, scale, exchange.Body),
            _ => throw new FakeKubeException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
        };
        CheckResourceVersion(kind, current, changed);
        var replicas = changed["spec"].Long("replicas", -1);
        if (replicas < 0)
        {
            throw new FakeKubeException(422, "Invalid", $"Scale.autoscaling \"{current.Meta().Str("name")}\" is invalid: spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0");
        }

        var after = (JsonObject)current.DeepClone();
        after["spec"]!["replicas"] = replicas;
        await WriteJsonAsync(exchange, 200, ScaleOf(Write(kind, current, after, immediate: false))).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpExchange exchange, ResourceKind kind, string? ns)
    {
        var query = exchange.Query;
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(timeout);
        bool Matches(JsonObject o) => Selectors.MatchesLabels(query["labelSelector"], o.Meta()["labels"]) && Selectors.MatchesFields(query["fieldSelector"], o);

        Task SendAsync(string type, JsonObject obj) =>
            exchange.WriteChunkAsync(Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["object"] = Versioned(kind, obj) }.ToJsonString() + "\n"), deadline.Token);

        await exchange.BeginStreamAsync(200, "application/json", deadline.Token).ConfigureAwait(false);
        try
        {
            if (!long.TryParse(query["resourceVersion"], out var after) || after == 0)
            {
                after = _store.ResourceVersion;
                foreach (var existing in _store.List(kind, ns).Where(Matches))
                {
                    await SendAsync("ADDED", existing).ConfigureAwait(false);
                }
            }

            while (!deadline.IsCancellationRequested)
            {
                var (events, next) = _store.Since(kind, ns, after);
                foreach (var change in events)
                {
                    after = change.ResourceVersion;
                    if (Matches(change.Object))
                    {
                        await SendAsync(change.Type, change.Object).ConfigureAwait(false);
                    }
                }

                if (events.Count == 0)
                {
                    await next.WaitAsync(deadline.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // the watch's timeout or the server's stop ends the stream, as the API server does
        }

        await exchange.EndStreamAsync().ConfigureAwait(false);
    }

    private static JsonObject Versioned(ResourceKind kind, JsonObject obj)
    {
        obj["apiVersion"] = kind.GroupVersion;
        obj["kind"] = kind.Kind;
        return obj;
    }

    private static FakeKubeException NotFound() => new(404, "NotFound", "the server could not find the requested resource");

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private Task WriteJsonAsync(HttpExchange exchange, int status, JsonObject body) =>
        exchange.RespondAsync(status, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()), _stopping.Token);

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // the accept loop ends with the listener
        }

        _certificate.Dispose();
        _stopping.Dispose();
    }
}
