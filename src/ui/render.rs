//! Page rendering off the UI thread: hayro renders a page at the zoom level into an RGBA image;
//! the UI turns it into a texture. One worker, newest requests first; a page hayro cannot render
//! shows as a placeholder, never takes the app down.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

type Key = (usize, u32, u32);

struct Request {
    key: Key,
    path: PathBuf,
    zoom: f32,
}

/// The render worker's handle.
pub struct Renderer {
    tx: Option<Sender<Request>>,
    rx: Receiver<(Key, egui::ColorImage)>,
    pending: Arc<AtomicUsize>,
    ctx: Arc<Mutex<Option<egui::Context>>>,
}

/// Largest rendered side, pixels (bounds memory at high zoom).
const MAX_SIDE: f32 = 4096.0;

impl Renderer {
    /// Starts the worker.
    pub fn new(ctx: Option<egui::Context>) -> Self {
        let (tx, req_rx) = channel::<Request>();
        let (done_tx, rx) = channel();
        let pending = Arc::new(AtomicUsize::new(0));
        let ctx = Arc::new(Mutex::new(ctx));
        let (p2, c2) = (pending.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("render".into())
            .spawn(move || worker(req_rx, done_tx, p2, c2));
        Renderer {
            tx: spawned.ok().map(|_| tx),
            rx,
            pending,
            ctx,
        }
    }

    /// The context to wake when a page is ready.
    pub fn set_ctx(&self, ctx: egui::Context) {
        if let Ok(mut c) = self.ctx.lock() {
            *c = Some(ctx);
        }
    }

    /// Asks for page `page` of file `file` at `zoom` (pixels per point).
    pub fn request(&self, file: usize, path: &Path, page: u32, bucket: u32, zoom: f32) {
        if let Some(tx) = &self.tx {
            self.pending.fetch_add(1, Ordering::Relaxed);
            let _ = tx.send(Request {
                key: (file, page, bucket),
                path: path.to_path_buf(),
                zoom,
            });
        }
    }

    /// Pages rendered since the last call.
    pub fn finished(&self) -> Vec<(Key, egui::ColorImage)> {
        self.rx.try_iter().collect()
    }

    /// Requests are still being rendered.
    pub fn busy(&self) -> bool {
        self.pending.load(Ordering::Relaxed) > 0
    }
}

fn worker(
    rx: Receiver<Request>,
    tx: Sender<(Key, egui::ColorImage)>,
    pending: Arc<AtomicUsize>,
    ctx: Arc<Mutex<Option<egui::Context>>>,
) {
    let mut docs: HashMap<PathBuf, Option<hayro::hayro_syntax::Pdf>> = HashMap::new();
    while let Ok(first) = rx.recv() {
        // Newest first: when the user scrolls fast, old requests are stale.
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        batch.reverse();
        for req in batch {
            let pdf = docs.entry(req.path.clone()).or_insert_with(|| {
                std::fs::read(&req.path)
                    .ok()
                    .and_then(|b| hayro::hayro_syntax::Pdf::new(b).ok())
            });
            let image = pdf.as_ref().and_then(|pdf| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    render(pdf, req.key.1, req.zoom)
                }))
                .ok()
                .flatten()
            });
            pending.fetch_sub(1, Ordering::Relaxed);
            if let Some(img) = image {
                let _ = tx.send((req.key, img));
            }
            if let Ok(c) = ctx.lock()
                && let Some(c) = c.as_ref()
            {
                c.request_repaint();
            }
        }
    }
}

fn render(pdf: &hayro::hayro_syntax::Pdf, page: u32, zoom: f32) -> Option<egui::ColorImage> {
    let pages = pdf.pages();
    let p = pages.get(usize::try_from(page).ok()?.checked_sub(1)?)?;
    let (w, h) = p.render_dimensions();
    let scale = zoom.min(MAX_SIDE / w.max(h).max(1.0));
    let cache = hayro::RenderCache::new();
    let settings = hayro::hayro_interpret::InterpreterSettings::default();
    let ps = hayro::PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: hayro::vello_cpu::color::palette::css::WHITE,
    };
    let pix = hayro::render(p, &cache, &settings, &hayro::RenderSettings::default(), &ps);
    let size = [usize::from(pix.width()), usize::from(pix.height())];
    Some(egui::ColorImage::from_rgba_premultiplied(
        size,
        pix.data_as_u8_slice(),
    ))
}
