//! Throwaway test CA and a `discord.com` server certificate signed by it.

use std::path::PathBuf;
use std::sync::Arc;

use tokio_rustls::rustls;

pub struct TestCa {
    pub ca_pem: String,
    pub server_config: Arc<rustls::ServerConfig>,
    /// Keeps the PEM file alive.
    pub dir: tempfile::TempDir,
    pub ca_path: PathBuf,
}

pub fn generate() -> TestCa {
    use rcgen::{
        BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, KeyPair,
        KeyUsagePurpose,
    };

    let ca_key = KeyPair::generate().expect("ca key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "fake-discord test CA");
    dn.push(DnType::OrganizationName, "factbot tests");
    ca_params.distinguished_name = dn;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca_params.self_signed(&ca_key).expect("ca cert");

    let leaf_key = KeyPair::generate().expect("leaf key");
    let mut leaf_params = CertificateParams::new(vec![
        "discord.com".to_string(),
        "gateway.discord.gg".to_string(),
        "cdn.discordapp.com".to_string(),
    ])
    .unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "discord.com");
    leaf_params.distinguished_name = dn;
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf_params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let leaf = leaf_params
        .signed_by(&leaf_key, &ca_cert, &ca_key)
        .expect("leaf cert");

    let chain = vec![
        rustls::Certificate(leaf.der().to_vec()),
        rustls::Certificate(ca_cert.der().to_vec()),
    ];
    let key = rustls::PrivateKey(leaf_key.serialize_der());
    let mut cfg = rustls::ServerConfig::builder()
        .with_safe_defaults()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    // reqwest 0.11 offers h2 and http/1.1; we only speak HTTP/1.1.
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];

    let dir = tempfile::tempdir().expect("tempdir");
    let ca_path = dir.path().join("fake-discord-ca.pem");
    let ca_pem = ca_cert.pem();
    std::fs::write(&ca_path, &ca_pem).expect("write ca pem");
    TestCa {
        ca_pem,
        server_config: Arc::new(cfg),
        dir,
        ca_path,
    }
}
