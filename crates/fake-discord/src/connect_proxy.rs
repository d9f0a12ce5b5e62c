//! An HTTP proxy that accepts `CONNECT discord.com:443`, answers 200, terminates TLS with the
//! test CA's `discord.com` certificate, and serves the REST handler inside the tunnel.

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

use super::rest;
use super::state::Shared;

/// Hosts the proxy agrees to tunnel to (everything else gets 403).
const ALLOWED: &[&str] = &["discord.com:443", "discord.com", "gateway.discord.gg:443"];

pub async fn serve(shared: Arc<Shared>, listener: TcpListener, acceptor: TlsAcceptor) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let shared = shared.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let _ = handle(shared, tcp, acceptor).await;
        });
    }
}

async fn handle(
    shared: Arc<Shared>,
    mut tcp: TcpStream,
    acceptor: TlsAcceptor,
) -> std::io::Result<()> {
    let _ = tcp.set_nodelay(true);
    // Read the request head byte by byte up to CRLFCRLF (it is tiny), so nothing of the
    // TLS ClientHello is consumed.
    let mut head = Vec::with_capacity(512);
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if tcp.read(&mut b).await? == 0 || head.len() > 16 * 1024 {
            return Ok(());
        }
        head.push(b[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "CONNECT" {
        tcp.write_all(
            b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        )
        .await?;
        return Ok(());
    }
    {
        let mut inner = shared.lock();
        inner.proxy_connects.push(target.to_string());
    }
    if !ALLOWED.contains(&target) {
        tcp.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await?;
        return Ok(());
    }
    tcp.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        .await?;
    let tls = acceptor.accept(tcp).await?;
    rest::serve_connection(shared, tls, true).await;
    Ok(())
}
