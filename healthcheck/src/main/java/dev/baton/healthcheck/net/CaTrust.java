package dev.baton.healthcheck.net;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/** TLS that trusts only the certificates of one PEM file (a private CA, or a self-signed server). */
public record CaTrust(SSLContext context, X509TrustManager trustManager) {

    /** Reads the file; an unusable one is an IOException whose message is one line. */
    public static CaTrust load(Path pem) throws IOException {
        Collection<? extends Certificate> certs;
        if (Files.isDirectory(pem)) {
            throw new IOException(pem + ": it is a directory");
        }
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new IOException(pem + ": it does not exist");
        } catch (AccessDeniedException e) {
            throw new IOException(pem + ": permission denied");
        } catch (CertificateException e) {
            throw new IOException(pem + ": no readable PEM certificate in it (" + e.getMessage() + ")");
        }
        if (certs.isEmpty()) {
            throw new IOException(pem + ": no PEM certificate in it");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return new CaTrust(ctx, tm);
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": " + e.getMessage());
        }
    }
}
