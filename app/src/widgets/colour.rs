//! Colour scales shared by the heatmaps, chosen to stay readable for colour-blind viewers:
//! negative values blue, positive vermillion (Okabe–Ito), zero white; weights white → navy.

/// `value / max_abs` in [-1, 1] as blue … white … vermillion.
pub fn diverging(value: f32, max_abs: f32) -> String {
    let t = if max_abs > 0.0 {
        (value / max_abs).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let (target, t) = if t < 0.0 {
        ((0u8, 114u8, 178u8), -t)
    } else {
        ((213, 94, 0), t)
    };
    mix((255, 255, 255), target, t.sqrt())
}

/// A weight in [0, 1] as white … navy.
pub fn sequential(value: f32) -> String {
    mix((255, 255, 255), (31, 58, 95), value.clamp(0.0, 1.0).sqrt())
}

fn mix(from: (u8, u8, u8), to: (u8, u8, u8), t: f32) -> String {
    let channel = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
    format!(
        "rgb({},{},{})",
        channel(from.0, to.0),
        channel(from.1, to.1),
        channel(from.2, to.2)
    )
}

/// One colour per attention head, distinguishable without red/green.
pub const HEAD_COLOURS: [&str; 8] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442",
];

pub fn head_colour(head: usize) -> &'static str {
    HEAD_COLOURS[head % HEAD_COLOURS.len()]
}
