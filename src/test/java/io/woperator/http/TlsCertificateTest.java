package io.woperator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.config.Settings;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificateTest {

    @TempDir
    Path dir;

    @Test
    void aSelfSignedCertificateIsMadeOnceAndKept() throws IOException {
        Settings.Tls tls = new Settings.Tls(null, null, true, dir.resolve("state"), 0);
        TlsCertificate first = TlsCertificate.load(tls);
        assertTrue(first.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), first.fingerprint());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("state").resolve(TlsCertificate.KEY_FILE)));
        assertEquals(first.fingerprint(), TlsCertificate.load(tls).fingerprint(), "the same certificate next start");
        first.sslContext();
    }

    @Test
    void anRsaKeyInPkcs1AndACertificateFromFilesAreServed() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TlsCertificate.makeSelfSigned(cert, key);
        TlsCertificate ec = TlsCertificate.read(cert, key);
        ec.sslContext();

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        Path rsaKey = dir.resolve("rsa.pem");
        try (Writer out = Files.newBufferedWriter(rsaKey); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(pair); // "BEGIN RSA PRIVATE KEY": PKCS#1, as openssl genrsa used to write
        }
        assertTrue(Files.readString(rsaKey).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        IOException mismatch = assertThrows(IOException.class, () -> TlsCertificate.read(cert, rsaKey));
        assertTrue(mismatch.getMessage().contains("is not the private key"), mismatch.getMessage());
    }

    @Test
    void keysAndCertificatesMadeByOpensslAreRead() throws Exception {
        for (String[] keyCommand : new String[][] {
            {"openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem"}, // EC PRIVATE KEY
            {"openssl", "genrsa", "-traditional", "-out", "key.pem", "2048"}, // RSA PRIVATE KEY
            {"openssl", "genpkey", "-algorithm", "RSA", "-out", "key.pem"}, // PRIVATE KEY
        }) {
            openssl(keyCommand);
            openssl("openssl", "req", "-new", "-x509", "-key", "key.pem", "-out", "cert.pem", "-days", "2",
                    "-subj", "/CN=localhost");
            TlsCertificate.read(dir.resolve("cert.pem"), dir.resolve("key.pem")).sslContext();
        }
    }

    private void openssl(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    @Test
    void filesWithoutPemSayWhatIsMissing() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TlsCertificate.makeSelfSigned(cert, key);
        assertTrue(assertThrows(IOException.class, () -> TlsCertificate.read(junk, key)).getMessage()
                .contains("no PEM certificate"));
        assertTrue(assertThrows(IOException.class, () -> TlsCertificate.read(cert, junk)).getMessage()
                .contains("no unencrypted PEM private key"));
        IOException missing = assertThrows(IOException.class, () -> TlsCertificate.load(
                new Settings.Tls(dir.resolve("absent.pem"), key, false, dir, 0)));
        assertTrue(missing.getMessage().endsWith("absent.pem: no such file"), missing.getMessage());
        Path other = dir.resolve("other.pem");
        TlsCertificate.makeSelfSigned(other, dir.resolve("other-key.pem"));
        assertNotEquals(TlsCertificate.read(cert, key).fingerprint(),
                TlsCertificate.read(other, dir.resolve("other-key.pem")).fingerprint());
    }
}
