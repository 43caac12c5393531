//! A git server on loopback for tests: `git daemon --inetd` started for each
//! connection behind a small proxy that counts the bytes sent to clients.
//! Whether a repository serves partial clones is its own config
//! (`uploadpack.allowFilter`), as on a real server.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;

pub struct GitServer {
    port: u16,
    sent: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

/// Whether `git daemon` is installed (Debian's `git` package has it).
pub fn daemon_available() -> bool {
    let Ok(out) = Command::new("git").arg("--exec-path").output() else {
        return false;
    };
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    dir.join("git-daemon").exists() || dir.join("git-daemon.exe").exists()
}

impl GitServer {
    /// Serves every repository under `root` as `git://127.0.0.1:PORT/<path>`.
    pub fn start(root: &Path) -> GitServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        let sent = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_owned();
        let accept = {
            let (sent, stop) = (sent.clone(), stop.clone());
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let (root, sent) = (root.clone(), sent.clone());
                    std::thread::spawn(move || serve(conn, &root, &sent));
                }
            })
        };
        GitServer {
            port,
            sent,
            stop,
            accept: Some(accept),
        }
    }

    pub fn url(&self, repo: &str) -> String {
        format!("git://127.0.0.1:{}/{repo}", self.port)
    }

    /// Bytes sent to clients so far.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }
}

impl Drop for GitServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop up.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// One connection: a `git daemon --inetd` speaking through us.
fn serve(conn: TcpStream, root: &Path, sent: &AtomicU64) {
    let Ok(mut child) = Command::new("git")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .arg("daemon")
        .arg("--inetd")
        .arg("--export-all")
        .arg("--informative-errors")
        .arg(format!("--base-path={}", root.display()))
        .arg(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return;
    };
    let mut to_child = child.stdin.take().unwrap();
    let mut from_child = child.stdout.take().unwrap();
    let mut reader = conn.try_clone().unwrap();
    let upstream = std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || to_child.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    });
    let mut writer = conn;
    let mut buf = [0u8; 65536];
    while let Ok(n) = from_child.read(&mut buf) {
        if n == 0 || writer.write_all(&buf[..n]).is_err() {
            break;
        }
        sent.fetch_add(n as u64, Ordering::SeqCst);
    }
    let _ = writer.shutdown(Shutdown::Both);
    let _ = child.wait();
    let _ = upstream.join();
}
