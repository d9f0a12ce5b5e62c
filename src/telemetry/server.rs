//! The HTTP listener of `[metrics] listen`: `GET /metrics` (Prometheus text) and
//! `GET /healthz` (200 when up, 503 otherwise, with the reasons as text). Nothing else.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use prometheus_client::encoding::prometheus_text::CONTENT_TYPE as PROMETHEUS_TEXT;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::Telemetry;

/// A running listener; dropping it stops accepting connections.
pub struct Server {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds `addr` and serves `telemetry` there until dropped.
    pub async fn start(addr: SocketAddr, telemetry: Arc<Telemetry>) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(accept(listener, telemetry));
        Ok(Server { addr, task })
    }

    /// The address it listens on (the port the system picked, if `:0` was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, telemetry: Arc<Telemetry>) {
    loop {
        let tcp = match listener.accept().await {
            Ok((tcp, _)) => tcp,
            Err(e) => {
                // Out of file descriptors and the like: the next accept may work.
                tracing::warn!(error = %e, "metrics listener: accept failed");
                continue;
            }
        };
        let telemetry = telemetry.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let telemetry = telemetry.clone();
                async move { Ok::<_, Infallible>(respond(&telemetry, &req).await) }
            });
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(tcp), service)
                .await
            {
                tracing::debug!(error = %e, "metrics listener: connection ended with an error");
            }
        });
    }
}

async fn respond(telemetry: &Telemetry, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "GET or HEAD only\n".into());
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    match req.uri().path() {
        "/metrics" => {
            let mut response = text(StatusCode::OK, telemetry.render().await);
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static(PROMETHEUS_TEXT));
            response
        }
        "/healthz" => {
            let health = telemetry.health().await;
            let status = if health.ok {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            text(status, health.text)
        }
        _ => text(
            StatusCode::NOT_FOUND,
            "not found: try /metrics or /healthz\n".into(),
        ),
    }
}

fn text(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
