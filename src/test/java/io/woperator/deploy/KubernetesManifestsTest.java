package io.woperator.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests in deploy/kubernetes, checked without a cluster: every document is read into the Kubernetes API's
 * own types (fabric8's model, generated from the API's OpenAPI schema), and a field the schema does not know (a
 * typo, a wrong nesting) is an error, as a server's strict validation would make it; a wrong type fails the read.
 * Then what they must say: probes on /healthz, resources, the Secret's keys that they use, Services that select a
 * Deployment. What no schema sees (the cluster's admission policies, the image's presence) is left to a real
 * cluster.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("deploy", "kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class,
            "Service", Service.class, "Secret", Secret.class);

    @Test
    void everyManifestIsValidAndSaysWhatItMust() throws Exception {
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                all.addAll(read(file));
            }
        }
        List<Deployment> deployments = all.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .toList();
        Secret secret = all.stream().filter(Secret.class::isInstance).map(Secret.class::cast).findFirst().orElseThrow();
        assertEquals(3, deployments.size(), "the desktop on the host network, behind coturn, and coturn");

        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                    deployment.getSpec().getTemplate().getMetadata().getLabels(), name + ": selector and labels");
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                assertNotNull(container.getReadinessProbe(), name + ": readiness probe");
                assertNotNull(container.getLivenessProbe(), name + ": liveness probe");
                assertNotNull(container.getResources().getRequests().get("cpu"), name + ": CPU request");
                assertNotNull(container.getResources().getRequests().get("memory"), name + ": memory request");
                assertNotNull(container.getResources().getLimits().get("memory"), name + ": memory limit");
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        assertEquals(secret.getMetadata().getName(), ref.getName(), name + ": " + env.getName());
                        assertTrue(secret.getStringData().containsKey(ref.getKey()), name + ": the Secret has "
                                + ref.getKey());
                    }
                }
                if (container.getImage().startsWith("woperator")) {
                    // the image's healthcheck asks /healthz with the pod's own credentials
                    assertEquals(List.of("/opt/woperator/healthcheck.sh"),
                            container.getReadinessProbe().getExec().getCommand(), name);
                    assertTrue(Files.readString(Path.of("src/main/docker/healthcheck.sh")).contains("/healthz"));
                    assertTrue(container.getEnv().stream().anyMatch(e -> e.getName().equals("WOPERATOR_TOKEN")),
                            name + ": viewers need a token");
                }
            }
        }
        assertEquals(Boolean.TRUE, deployment(deployments, "woperator").getSpec().getTemplate().getSpec()
                .getHostNetwork(), "the host-network variant");
        Deployment relayed = deployment(deployments, "woperator-turn");
        assertTrue(envNames(relayed).containsAll(List.of("TURN_HOST", "TURN_SHARED_SECRET")), "TURN REST credentials");
        assertTrue(envNames(deployment(deployments, "coturn")).contains("TURN_SHARED_SECRET"), "the same secret");
        for (Service service : all.stream().filter(Service.class::isInstance).map(Service.class::cast).toList()) {
            assertTrue(deployments.stream().anyMatch(d -> d.getSpec().getTemplate().getMetadata().getLabels()
                    .entrySet().containsAll(service.getSpec().getSelector().entrySet())),
                    service.getMetadata().getName() + " selects a Deployment's pods");
        }
    }

    @Test
    void aFieldTheSchemaDoesNotKnowIsCaught() throws Exception {
        JsonNode deployment = YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          readinesProbe: {tcpSocket: {port: 1}}
                """);
        List<String> unknown = new ArrayList<>();
        unknownFields(YAML.treeToValue(deployment, Deployment.class), "Deployment", unknown);
        assertEquals(List.of("Deployment.spec.template.spec.containers[0]: [readinesProbe]"), unknown);
    }

    private static List<HasMetadata> read(Path file) throws IOException, ReflectiveOperationException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file))
                .readAll()) {
            if (document == null || document.isEmpty()) {
                continue;
            }
            String kind = document.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            assertNotNull(type, file + ": an unexpected kind " + kind);
            HasMetadata object = YAML.treeToValue(document, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(object, file.getFileName() + " " + kind, unknown);
            assertEquals(List.of(), unknown, "fields the Kubernetes API does not know");
            objects.add(object);
        }
        return objects;
    }

    /** Collects every field that the model kept aside as unknown (its additionalProperties), with its path. */
    private static void unknownFields(Object value, String path, List<String> unknown)
            throws InvocationTargetException, IllegalAccessException {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
            }
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(field, path + "." + name, unknown);
            }
        }
    }

    private static Deployment deployment(List<Deployment> deployments, String name) {
        return deployments.stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> envNames(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .map(EnvVar::getName).toList();
    }
}
