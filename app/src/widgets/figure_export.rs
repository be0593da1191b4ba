//! "PNG" and "SVG" buttons that save the figure around them (its closest `.exportable`
//! ancestor) for slides: one self-contained SVG — the figure's own SVG drawings, its canvases as
//! images, its labels as text, the page's styles inlined — and a PNG of that SVG 1,920 pixels
//! wide. Drawing a DOM subtree into one picture is browser work, so it is a few lines of JS.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r##"
const SVG_NS = 'http://www.w3.org/2000/svg';
const SLIDE_WIDTH = 1920;

function pageStyles() {
  let css = '';
  for (const sheet of document.styleSheets) {
    try { for (const rule of sheet.cssRules) css += rule.cssText + '\n'; } catch (e) { /* other origin */ }
  }
  return css;
}

function escapeXml(text) {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
}

// One SVG document for everything drawn inside `root`.
function figureSvg(root) {
  const box = root.getBoundingClientRect();
  const width = Math.ceil(box.width), height = Math.ceil(box.height);
  const parts = [];
  const skip = (el) => el.closest('.figure-tools, details, select, input, textarea');
  // Coloured boxes (attention-matrix cells, swatches, token chips) under everything else.
  for (const el of root.querySelectorAll('*')) {
    if (skip(el) || el.closest('svg') || el.tagName === 'CANVAS') continue;
    const style = getComputedStyle(el);
    const colour = style.backgroundColor;
    if (!colour || colour === 'transparent' || /rgba\(.*, 0\)$/.test(colour)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    parts.push(`<rect x="${r.left - box.left}" y="${r.top - box.top}" width="${r.width}" height="${r.height}" rx="${parseFloat(style.borderTopLeftRadius) || 0}" fill="${colour}"/>`);
  }
  for (const canvas of root.querySelectorAll('canvas')) {
    if (skip(canvas)) continue;
    const r = canvas.getBoundingClientRect();
    parts.push(`<image x="${r.left - box.left}" y="${r.top - box.top}" width="${r.width}" height="${r.height}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${canvas.toDataURL('image/png')}"/>`);
  }
  for (const svg of root.querySelectorAll('svg')) {
    if (skip(svg) || svg.parentElement.closest('svg')) continue;
    const r = svg.getBoundingClientRect();
    const copy = svg.cloneNode(true);
    copy.setAttribute('x', r.left - box.left);
    copy.setAttribute('y', r.top - box.top);
    copy.setAttribute('width', r.width);
    copy.setAttribute('height', r.height);
    parts.push(new XMLSerializer().serializeToString(copy));
  }
  // Text outside the drawings: titles, captions, row labels.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !el || el.closest('svg') || skip(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    // Vertical column headers (read bottom to top on the page) stay vertical in the picture.
    const place = style.writingMode.startsWith('vertical')
      ? `transform="translate(${r.left + r.width / 2 - box.left} ${r.bottom - box.top}) rotate(-90)" dominant-baseline="central"`
      : `x="${r.left - box.left}" y="${r.bottom - box.top - r.height * 0.22}"`;
    parts.push(`<text ${place} font-size="${style.fontSize}" font-weight="${style.fontWeight}" fill="${style.color}" font-family="${escapeXml(style.fontFamily)}">${escapeXml(text)}</text>`);
  }
  return `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<style>${escapeXml(pageStyles())}</style><rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`;
}

function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

export function exportFigure(button, format, name) {
  const root = button.closest('.exportable');
  if (!root) return Promise.reject(new Error('no figure around this button'));
  const svg = figureSvg(root);
  if (format === 'svg') {
    save(new Blob([svg], { type: 'image/svg+xml' }), name + '.svg');
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const scale = SLIDE_WIDTH / image.width;
      const canvas = document.createElement('canvas');
      canvas.width = SLIDE_WIDTH;
      canvas.height = Math.ceil(image.height * scale);
      const context = canvas.getContext('2d');
      context.imageSmoothingEnabled = false;
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => (blob ? (save(blob, name + '.png'), resolve()) : reject(new Error('the PNG could not be made'))), 'image/png');
    };
    image.onerror = () => reject(new Error('the figure could not be drawn'));
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  });
}
"##)]
extern "C" {
    #[wasm_bindgen(js_name = exportFigure)]
    fn export_figure(button: &web_sys::Element, format: &str, name: &str) -> js_sys::Promise;
}

/// The two buttons; `name` becomes the file name (`name.png`, `name.svg`).
#[component]
pub fn FigureTools(#[prop(into)] name: String) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let name = StoredValue::new(name);
    let run = move |event: leptos::ev::MouseEvent, format: &'static str| {
        let Some(button) = event
            .current_target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let promise = export_figure(&button, format, &name.get_value());
        leptos::task::spawn_local(async move {
            let result = wasm_bindgen_futures::JsFuture::from(promise).await;
            error.try_set(result.err().map(|e| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| "the figure could not be saved".into())
            }));
        });
    };
    view! {
        <span class="figure-tools">
            <button type="button" data-testid="figure-png" aria-label=move || format!("Save {} as PNG", name.get_value())
                on:click=move |e| run(e, "png")>"PNG"</button>
            <button type="button" data-testid="figure-svg" aria-label=move || format!("Save {} as SVG", name.get_value())
                on:click=move |e| run(e, "svg")>"SVG"</button>
            {move || error.get().map(|message| view! { <span class="problem" role="alert">{message}</span> })}
        </span>
    }
}
