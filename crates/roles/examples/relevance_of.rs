//! Development check: the reader's relevance score and fillers for text files.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let loaded = match std::env::var("ROLES_MODEL") {
        Ok(p) => Some(newsfuse_roles::Model::from_bytes(&std::fs::read(p)?)?),
        Err(_) => None,
    };
    let model = loaded
        .as_ref()
        .unwrap_or_else(|| newsfuse_roles::embedded());
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let ex = model.extract(&text);
        println!(
            "{path}: relevance {:.1} (gate {:.1}) relevant {} fillers {}",
            ex.relevance,
            model.params.relevance,
            ex.relevant,
            ex.fillers.len()
        );
        for f in &ex.fillers {
            println!("  {:?} {:?} {:.1}", f.role, f.text, f.score);
        }
    }
    Ok(())
}
