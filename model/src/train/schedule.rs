//! BERT's learning-rate schedule: linear warm-up from 0 to the peak, then linear decay to 0.

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Schedule {
    pub peak: f64,
    pub warmup_steps: usize,
    pub total_steps: usize,
}

impl Schedule {
    /// Learning rate for step `step` (1-based, as the optimizer counts).
    pub fn rate(&self, step: usize) -> f64 {
        if step <= self.warmup_steps && self.warmup_steps > 0 {
            return self.peak * step as f64 / self.warmup_steps as f64;
        }
        let remaining = self.total_steps.saturating_sub(step) as f64;
        let decay_steps = self.total_steps.saturating_sub(self.warmup_steps).max(1) as f64;
        self.peak * (remaining / decay_steps).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warms_up_then_decays_to_zero() {
        let schedule = Schedule {
            peak: 1e-3,
            warmup_steps: 10,
            total_steps: 110,
        };
        assert_eq!(schedule.rate(5), 5e-4);
        assert_eq!(schedule.rate(10), 1e-3);
        assert!((schedule.rate(60) - 5e-4).abs() < 1e-12);
        assert_eq!(schedule.rate(110), 0.0);
        assert_eq!(schedule.rate(200), 0.0);
    }
}
