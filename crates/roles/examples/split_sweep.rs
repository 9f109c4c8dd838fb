//! Development sweep: dev template F1 of a model file under each same-type split gap.
use std::path::Path;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dev = newsfuse_roles::train::read_docs(Path::new(&args[1]))?;
    let model = newsfuse_roles::Model::from_bytes(&std::fs::read(&args[2])?)?;
    let raws: Vec<_> = dev.iter().map(|d| model.raw(&d.text)).collect();
    for gap in [0u32, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, u32::MAX] {
        let p = newsfuse_roles::Params {
            split_gap: gap,
            ..model.params
        };
        let t = newsfuse_roles::train::dev_template_score(&model, &dev, &raws, &p);
        println!(
            "gap {gap:>10}: template F1 {:.2} (P {:.2} R {:.2}; {} predicted items)",
            t.f1(),
            100.0 * t.matched_pred / t.predicted,
            100.0 * t.matched_gold / t.gold,
            t.predicted
        );
    }
    Ok(())
}
