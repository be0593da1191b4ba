// Temporary: per-step wall time on wgpu, with the batch's shape.
use bertlab_model::ComputeDevice;
use bertlab_model::data::Corpus;
use bertlab_model::train::{Session, SessionSettings};

fn main() {
    let text = std::fs::read_to_string("static/corpora/toy-world.txt").unwrap();
    let corpus = Corpus::parse(&text).unwrap();
    let device = pollster::block_on(ComputeDevice::gpu()).unwrap().device;
    let settings = SessionSettings { total_steps: 1000, ..SessionSettings::default() };
    let mut session = Session::create(settings, corpus, None, |_| Ok(()), &device).unwrap();
    let clock = || 0.0;
    for step in 1..=40 {
        let t = std::time::Instant::now();
        let r = pollster::block_on(session.step(&clock)).unwrap();
        println!("step {step} {:.2}s tokens {}", t.elapsed().as_secs_f64(), r.point.metrics.tokens);
    }
}
