//! Development dump: per dev message, gold relevance, relevance score and span stats.
use std::path::Path;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let docs = newsfuse_roles::train::read_docs(Path::new(&args[1]))?;
    let model = newsfuse_roles::embedded();
    for d in &docs {
        let raw = model.raw(&d.text);
        let mut best = [f32::NEG_INFINITY; 5];
        let mut n = [0usize; 5];
        for s in &raw.spans {
            best[s.role as usize] = best[s.role as usize].max(s.score);
            n[s.role as usize] += 1;
        }
        let ntok = newsfuse_roles::token::tokenize(&d.text).len();
        println!(
            "{}\t{}\t{}\t{:.2}\t{}\t{}\t{}",
            d.id,
            u8::from(d.relevant),
            d.templates.len(),
            raw.relevance,
            best.iter()
                .map(|x| format!("{x:.2}"))
                .collect::<Vec<_>>()
                .join(","),
            n.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(","),
            ntok
        );
    }
    Ok(())
}
