//! `extract_many` gives each document of a batch what `extract` gives it alone, in
//! order, whatever the other documents are. The articles are written for this test.

use newsfuse_core::{Date, Document};

fn docs() -> Vec<Document> {
    let texts = [
        "Gunmen killed three police officers in Lima on Tuesday, the interior ministry said. \
         Two more were wounded.",
        "",
        "A CAR BOMB EXPLODED NEAR THE EMBASSY IN BOGOTA YESTERDAY, KILLING 12 PEOPLE.",
        "Rebels of the Farabundo Marti National Liberation Front (FMLN) dynamited two pylons \
         in San Salvador on 3 May 1990. No one was hurt, police said.",
        "Le président a condamné l'attentat à Paris : « 5 morts », selon la police. \
         The attack in Paris killed five people on Friday.",
        "The council met on Monday to discuss the budget.",
    ];
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d = Document::bare(format!("d{i}"), *t);
            d.published = Some(Date::new(2025, 6, 11).expect("valid date"));
            d
        })
        .collect()
}

#[test]
fn a_batch_gives_each_document_its_own_extraction() {
    let docs = docs();
    let alone: Vec<_> = docs.iter().map(newsfuse_extract::extract).collect();
    // The texts exercise the stages: facts, times and entities are found.
    assert!(alone[0].facts.len() >= 2, "{:?}", alone[0].facts);
    assert!(!alone[3].times.is_empty() && !alone[3].mentions.is_empty());
    assert_eq!(alone[1], Default::default());
    assert_eq!(newsfuse_extract::extract_many(&docs), alone);
    // Any order and any batch size: each document keeps its own extraction.
    let reversed: Vec<Document> = docs.iter().rev().cloned().collect();
    let mut back = newsfuse_extract::extract_many(&reversed);
    back.reverse();
    assert_eq!(back, alone);
    for size in 1..=docs.len() {
        let chunked: Vec<_> = docs
            .chunks(size)
            .flat_map(newsfuse_extract::extract_many)
            .collect();
        assert_eq!(chunked, alone, "batches of {size}");
    }
    assert!(newsfuse_extract::extract_many(&[]).is_empty());
}
