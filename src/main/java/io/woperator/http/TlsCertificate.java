package io.woperator.http;

import io.woperator.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS identity: a certificate chain and its key, read from PEM files, or made once and kept for
 * {@code --tls-self-signed}. BouncyCastle only reads and writes PEM and builds the certificate; the JDK's own
 * providers do the cryptography.
 */
public final class TlsCertificate {

    static final String CERT_FILE = "tls-cert.pem";
    static final String KEY_FILE = "tls-key.pem";
    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final Path certFile;

    private TlsCertificate(List<X509Certificate> chain, PrivateKey key, Path certFile) {
        this.chain = List.copyOf(chain);
        this.key = key;
        this.certFile = certFile;
    }

    /** The configured certificate, making the self-signed one first if it is not there yet. */
    public static TlsCertificate load(Settings.Tls tls) throws IOException {
        try {
            return loadOrMake(tls);
        } catch (NoSuchFileException e) {
            throw new IOException(e.getFile() + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(e.getFile() + ": permission denied", e);
        }
    }

    private static TlsCertificate loadOrMake(Settings.Tls tls) throws IOException {
        if (!tls.selfSigned()) {
            return read(tls.certFile(), tls.keyFile());
        }
        Path cert = tls.stateDir().resolve(CERT_FILE);
        Path key = tls.stateDir().resolve(KEY_FILE);
        if (!Files.exists(cert) || !Files.exists(key)) {
            makeSelfSigned(cert, key);
        }
        return read(cert, key);
    }

    /** Reads a PEM certificate chain (leaf first) and its unencrypted PEM private key. */
    static TlsCertificate read(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser pem = new PEMParser(Files.newBufferedReader(certFile, StandardCharsets.US_ASCII))) {
            for (Object item = pem.readObject(); item != null; item = pem.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(certFile + ": not a valid certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(certFile + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        PrivateKey key = readKey(keyFile);
        if (!keyMatches(key, chain.get(0))) {
            throw new IOException(keyFile + " is not the private key of the certificate in " + certFile);
        }
        return new TlsCertificate(chain, key, certFile);
    }

    /** Signs with the key and checks with the certificate's public key. */
    private static boolean keyMatches(PrivateKey key, X509Certificate cert) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IOException("keys of type " + key.getAlgorithm() + " are not supported");
        };
        try {
            byte[] probe = "woperator".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PrivateKey readKey(Path keyFile) throws IOException {
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object item = pem.readObject(); item != null; item = pem.readObject()) {
                if (item instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        }
        throw new IOException(keyFile + " holds no unencrypted PEM private key (PKCS#8, RSA or EC); "
                + "an encrypted key must be decrypted first (openssl pkey -in key.pem -out plain.pem)");
    }

    /** Makes a P-256 certificate for this machine's names and addresses; the key file is readable by its owner only. */
    static void makeSelfSigned(Path certFile, Path keyFile) throws IOException {
        KeyPair keys;
        X509Certificate cert;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=Woperator self-signed (" + hostName() + ")");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(SELF_SIGNED_VALIDITY)), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectNames()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("could not make a self-signed certificate: " + e.getMessage(), e);
        }
        Files.createDirectories(certFile.toAbsolutePath().getParent());
        Files.deleteIfExists(keyFile);
        try {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(keyFile);
        }
        writePem(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null)); // "PRIVATE KEY": what every tool reads
        writePem(certFile, cert);
    }

    private static void writePem(Path file, Object item) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(item);
        }
    }

    /** localhost, this host's name, and every address of its interfaces: whatever a browser may type. */
    private static GeneralName[] subjectNames() {
        Set<GeneralName> names = new LinkedHashSet<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        String host = hostName();
        if (!host.isEmpty() && !host.equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, host));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLinkLocalAddress()) {
                        names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress().replaceFirst("%.*", "")));
                    }
                }
            }
        } catch (SocketException e) {
            // the loopback names above still serve
        }
        return names.toArray(GeneralName[]::new);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    /** The leaf certificate's SHA-256 fingerprint, as browsers show it (AB:CD:...). */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(chain.get(0).getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path certFile() {
        return certFile;
    }

    /** When the leaf certificate stops being valid. */
    public Instant notAfter() {
        return chain.get(0).getNotAfter().toInstant();
    }

    /** A server-side TLS context for this certificate. */
    public SSLContext sslContext() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("woperator", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(certFile + ": the key does not go with the certificate, or is of an unsupported "
                    + "kind: " + e.getMessage(), e);
        }
    }
}
