use super::train::{entities_from_iob2, train, Example, TrainOptions};
use super::*;

/// Splits on spaces and keeps `.`, `,` and `'s` apart: enough for the test sentences.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let punct = matches!(c, '.' | ',' | '"');
        if c.is_whitespace() || punct {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
            if punct {
                out.push((i, i + 1));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The entities as (surface, type) pairs.
fn surfaces(text: &str, toks: &[(usize, usize)], ents: &[Entity]) -> Vec<(String, &'static str)> {
    ents.iter()
        .map(|e| {
            (
                text[toks[e.start].0..toks[e.end - 1].1].to_string(),
                e.ty.as_str(),
            )
        })
        .collect()
}

fn example(text: &str, gold: &[(&str, EntityType)]) -> Example {
    let toks = tokens(text);
    let mut entities = Vec::new();
    for &(name, ty) in gold {
        let at = text
            .find(name)
            .unwrap_or_else(|| panic!("{name} not in {text}"));
        let start = toks
            .iter()
            .position(|t| t.0 == at)
            .unwrap_or_else(|| panic!("{name}"));
        let end = toks
            .iter()
            .position(|t| t.1 == at + name.len())
            .unwrap_or_else(|| panic!("{name}"))
            + 1;
        entities.push(Entity { start, end, ty });
    }
    Example {
        text: text.to_string(),
        tokens: toks,
        entities,
    }
}

#[test]
fn bilou_tags_round_trip() {
    let ents = vec![
        Entity {
            start: 0,
            end: 2,
            ty: EntityType::Per,
        },
        Entity {
            start: 3,
            end: 4,
            ty: EntityType::Loc,
        },
        Entity {
            start: 4,
            end: 7,
            ty: EntityType::Org,
        },
    ];
    let tags = tags_of(8, &ents);
    assert_eq!(
        tags,
        vec![
            tag(EntityType::Per, Part::B),
            tag(EntityType::Per, Part::L),
            TAG_O,
            tag(EntityType::Loc, Part::U),
            tag(EntityType::Org, Part::B),
            tag(EntityType::Org, Part::I),
            tag(EntityType::Org, Part::L),
            TAG_O,
        ]
    );
    assert_eq!(entities_of(&tags), ents);
    for w in tags.windows(2) {
        assert!(allowed(w[0], w[1]), "{w:?}");
    }
    assert!(!allowed(TAG_O, tag(EntityType::Per, Part::I)));
    assert!(!allowed(
        tag(EntityType::Per, Part::B),
        tag(EntityType::Org, Part::L)
    ));
    assert!(!may_end(tag(EntityType::Misc, Part::B)));
}

#[test]
fn iob2_tags_read_as_entities() {
    let tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-MISC", "I-MISC"];
    assert_eq!(
        entities_from_iob2(&tags),
        vec![
            Entity {
                start: 0,
                end: 2,
                ty: EntityType::Per
            },
            Entity {
                start: 3,
                end: 4,
                ty: EntityType::Loc
            },
            Entity {
                start: 4,
                end: 5,
                ty: EntityType::Loc
            },
            Entity {
                start: 5,
                end: 7,
                ty: EntityType::Misc
            },
        ]
    );
}

fn tiny_corpus() -> Vec<Example> {
    use EntityType::*;
    vec![
        example(
            "Pell Varro met officials of Quillbank in Dravenport .",
            &[("Pell Varro", Per), ("Quillbank", Org), ("Dravenport", Loc)],
        ),
        example(
            "The Ostrel Cup was played in Dravenport on Sunday .",
            &[("Ostrel Cup", Misc), ("Dravenport", Loc)],
        ),
        example(
            "Quillbank said Pell Varro would visit Marlow Heath .",
            &[
                ("Quillbank", Org),
                ("Pell Varro", Per),
                ("Marlow Heath", Loc),
            ],
        ),
        example(
            "Nobody from Quillbank came to the Ostrel Cup .",
            &[("Quillbank", Org), ("Ostrel Cup", Misc)],
        ),
    ]
}

#[test]
fn a_tiny_model_learns_its_training_sentences() {
    let docs = tiny_corpus();
    let opts = TrainOptions {
        bits: 12,
        epochs: 8,
        seed: 3,
        both_cases: true,
    };
    let mut epochs = 0;
    let model = train(&docs, &[], &opts, &Default::default(), |_| epochs += 1);
    assert_eq!(epochs, 8);
    for d in &docs {
        assert_eq!(
            model.tag(&d.text, &d.tokens, true),
            d.entities,
            "{}",
            d.text
        );
        let lower = d.text.to_lowercase();
        assert_eq!(model.tag(&lower, &d.tokens, false), d.entities, "{lower}");
    }
    // Same seed, same model.
    assert_eq!(train(&docs, &[], &opts, &Default::default(), |_| {}), model);
}

#[test]
fn model_bytes_round_trip() {
    let model = train(
        &tiny_corpus(),
        &[],
        &TrainOptions {
            bits: 10,
            epochs: 3,
            ..Default::default()
        },
        &Default::default(),
        |_| {},
    );
    let bytes = model.to_bytes();
    let back = Model::from_bytes(&bytes).expect("reads back");
    assert_eq!(back, model);
    assert_eq!(back.bits(), 10);
    assert!(matches!(
        Model::from_bytes(b"not a model at all, no"),
        Err(ModelError::Magic)
    ));
    assert!(matches!(
        Model::from_bytes(&bytes[..30]),
        Err(ModelError::Truncated { .. })
    ));
    // A run that ends in the middle of a weight is truncated too.
    assert!(matches!(
        Model::from_bytes(&bytes[..bytes.len() - 1]),
        Err(ModelError::Truncated { .. })
    ));
}

#[test]
fn the_shipped_model_tags_mixed_lower_and_upper_case() {
    let model = Model::builtin();
    let text =
        "John Miller , the mayor of Hamburg , told Reuters she would fly to Paris on Tuesday .";
    let want = vec![
        ("John Miller".to_string(), "PER"),
        ("Hamburg".to_string(), "LOC"),
        ("Reuters".to_string(), "ORG"),
        ("Paris".to_string(), "LOC"),
    ];
    let toks = tokens(text);
    assert_eq!(surfaces(text, &toks, &model.tag(text, &toks, true)), want);
    let lower = text.to_lowercase();
    let got = surfaces(&lower, &toks, &model.tag(&lower, &toks, false));
    let want_lower: Vec<(String, &str)> =
        want.iter().map(|(s, t)| (s.to_lowercase(), *t)).collect();
    assert_eq!(got, want_lower);
    let upper = text.to_uppercase();
    let got = surfaces(&upper, &toks, &model.tag(&upper, &toks, false));
    let want_upper: Vec<(String, &str)> =
        want.iter().map(|(s, t)| (s.to_uppercase(), *t)).collect();
    assert_eq!(got, want_upper);
}

#[test]
fn the_shipped_model_reads_nationalities_and_teams() {
    let model = Model::builtin();
    let text =
        "German police arrested two men after the match between Ajax and Celtic in Amsterdam .";
    let toks = tokens(text);
    assert_eq!(
        surfaces(text, &toks, &model.tag(text, &toks, true)),
        vec![
            ("German".to_string(), "MISC"),
            ("Ajax".to_string(), "ORG"),
            ("Celtic".to_string(), "ORG"),
            ("Amsterdam".to_string(), "LOC"),
        ]
    );
}

#[test]
fn no_tokens_no_entities() {
    assert!(Model::builtin().tag("", &[], true).is_empty());
    assert!(Model::builtin().tag("   ", &[], false).is_empty());
}

#[test]
fn the_word_cache_scores_exactly_as_the_table_does() {
    let texts = [
        "Ilsa Brandt of Corvex Holdings flew to Tarrow on Monday , the company said .",
        "\"We will not sign,\" said Ilsa Brandt . Corvex shares fell 4.5 percent in Tarrow .",
        "ILSA BRANDT AND THE TARROW ROVERS .",
        "a",
        "Tarrow",
        "Ünal Özkan met İbrahim in Kadıköy 's old market on 12/03 .",
    ];
    let tiny = train(
        &tiny_corpus(),
        &[],
        &TrainOptions {
            bits: 12,
            epochs: 3,
            ..Default::default()
        },
        &Default::default(),
        |_| {},
    );
    // Alternate the models so that the cache of one is never read for the other.
    for round in 0..2 {
        for model in [Model::builtin(), &tiny] {
            for text in texts {
                let toks = tokens(text);
                for cased in [true, false] {
                    assert_eq!(
                        cache::emissions(model, text, &toks, cased),
                        model.emissions_reference(text, &toks, cased),
                        "round {round}, bits {}, cased {cased}: {text}",
                        model.bits()
                    );
                    assert_eq!(
                        model.tag(text, &toks, cased),
                        model.tag_reference(text, &toks, cased),
                        "{text}"
                    );
                }
            }
        }
    }
}

#[test]
fn position_features_are_the_token_and_context_features() {
    use features::{context_features, position_features, token_features, MAX_FEATURES};
    let text = "Mara Quell of Tarrow said . Then she left";
    let toks = token_hashes(text, &tokens(text), &Default::default());
    let doc = DocFlags::new(&toks);
    for cased in [true, false] {
        for i in 0..toks.len() {
            let mut all = [0u64; MAX_FEATURES];
            let n = position_features(&toks, Some(&doc), i, cased, &mut all);
            let mut own = Vec::new();
            token_features(&toks[i], cased, |k, h| {
                if k == 2 {
                    own.push(h);
                }
            });
            // The token's own features come after the two left neighbours' ones (or
            // their edge features) and before the context features.
            let left = 1 + if cased { 3 } else { 2 };
            assert_eq!(&all[left..left + own.len()], &own[..], "{i}");
            let mut ctx = [0u64; MAX_FEATURES];
            let m = context_features(&toks, Some(&doc), i, cased, &mut ctx);
            assert_eq!(&all[n - m..n], &ctx[..m], "{i}");
            // Training reads the features of a document `n` per position.
            let mut first = [0u64; MAX_FEATURES];
            assert_eq!(
                position_features(&toks, Some(&doc), 0, cased, &mut first),
                n,
                "as many features at {i} as at the start"
            );
            let mut distinct = all[..n].to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), n, "every feature is distinct at {i}");
        }
    }
}

#[test]
fn split_context_features_are_the_context_features() {
    use features::{
        context_features, local_case_features, split_context_features, window_case_feature,
        MAX_FEATURES,
    };
    // Every case class, a sentence start inside, a word seen both capitalised and not.
    let text = "\"Tarrow FC won . tarrow is OK , said A. Vell at 3pm in ÉTÉ X";
    let toks = token_hashes(text, &tokens(text), &Default::default());
    let doc = DocFlags::new(&toks);
    for cased in [true, false] {
        for i in 0..toks.len() {
            let mut want = [0u64; MAX_FEATURES];
            let m = context_features(&toks, Some(&doc), i, cased, &mut want);
            let mut want = want[..m].to_vec();
            want.sort_unstable();
            let mut got = [0u64; MAX_FEATURES];
            let (n, combos) = split_context_features(&toks, cased.then_some(&doc), i, &mut got);
            assert!(n <= features::SPLIT_HASHED, "{n} hashed at {i}");
            let mut got = got[..n].to_vec();
            assert_eq!(combos.is_some(), cased, "{i}");
            if let Some((local, window)) = combos {
                local_case_features(local, |h| got.push(h));
                got.push(window_case_feature(window));
            }
            got.sort_unstable();
            assert_eq!(got, want, "position {i}, cased {cased}");
        }
    }
}

#[test]
fn harmonise_counts_the_same_with_many_mentions() {
    // 21 mentions of "Veska" (12 LOC, 9 PER) and 14 of "Dunmore" (7 ORG, 7 PER): past
    // the pairwise comparison, through the map. The first 8 alone go pairwise.
    let mut text = String::new();
    let mut found = Vec::new();
    let mut toks = Vec::new();
    for k in 0..35 {
        let (name, ty) = if k < 21 {
            (
                "Veska",
                if k % 7 < 4 {
                    EntityType::Loc
                } else {
                    EntityType::Per
                },
            )
        } else {
            (
                "Dunmore",
                if k % 2 == 0 {
                    EntityType::Org
                } else {
                    EntityType::Per
                },
            )
        };
        let start = text.len();
        text.push_str(name);
        toks.push((start, text.len()));
        text.push(' ');
        found.push(Entity {
            start: k,
            end: k + 1,
            ty,
        });
    }
    let mut few = found[..8].to_vec();
    harmonise(&text, &toks, &mut found);
    let types: Vec<EntityType> = found.iter().map(|e| e.ty).collect();
    let mut want = vec![EntityType::Loc; 21];
    want.extend((21..35).map(|k| {
        if k % 2 == 0 {
            EntityType::Org
        } else {
            EntityType::Per
        }
    }));
    assert_eq!(types, want);
    // Of the first 8 (k % 7 < 4: 0..=3 LOC, 4..=6 PER, 7 LOC): 5 LOC, 3 PER.
    harmonise(&text, &toks, &mut few);
    assert!(few.iter().all(|e| e.ty == EntityType::Loc));
}

#[test]
fn harmonise_gives_a_name_the_type_of_most_of_its_mentions() {
    let text = "Varro said . Varro left . Varro came . Quill met Quill";
    let toks = tokens(text);
    let at = |i: usize, ty| Entity {
        start: i,
        end: i + 1,
        ty,
    };
    // "Varro" twice PER, once ORG: all PER. "Quill" once LOC, once ORG: a tie, kept.
    let mut found = vec![
        at(0, EntityType::Per),
        at(3, EntityType::Org),
        at(6, EntityType::Per),
        at(9, EntityType::Loc),
        at(11, EntityType::Org),
    ];
    harmonise(text, &toks, &mut found);
    assert_eq!(
        found.iter().map(|e| e.ty).collect::<Vec<_>>(),
        vec![
            EntityType::Per,
            EntityType::Per,
            EntityType::Per,
            EntityType::Loc,
            EntityType::Org
        ]
    );
}

#[test]
fn clusters_group_words_by_their_neighbours_and_travel_with_the_model() {
    use clusters::{ClusterOptions, Clusters};
    use features::{cluster_prefix, TokenHashes};
    let h = |w: &str| TokenHashes::new(w, false).word;
    let mut sentences = Vec::new();
    for day in ["monday", "tuesday", "friday"] {
        for town in ["ostrava", "brno", "plzen"] {
            for verb in ["arrived", "spoke"] {
                let s = format!("she {verb} in {town} on {day} .");
                sentences.push(s.split(' ').map(h).collect::<Vec<u64>>());
            }
        }
    }
    let opts = ClusterOptions {
        min_count: 2,
        depth: 8,
        ..Default::default()
    };
    let c = Clusters::learn(&sentences, &opts);
    assert_eq!(c.path(h("unseen")), 0);
    let p = |w: &str| c.path(h(w));
    // Deterministic, and every clustered word has a path.
    assert_eq!(Clusters::learn(&sentences, &opts), c);
    assert!(["monday", "brno", "she", "in"].iter().all(|w| p(w) != 0));
    // Days share more of their path with each other than with towns.
    let shared = |a: u32, b: u32| {
        (1..=8)
            .take_while(|&k| cluster_prefix(a, k) == cluster_prefix(b, k))
            .count()
    };
    assert!(shared(p("monday"), p("friday")) > shared(p("monday"), p("brno")));
    assert!(shared(p("ostrava"), p("plzen")) > shared(p("ostrava"), p("tuesday")));
    // The clusters are saved with the model.
    let model = train(
        &tiny_corpus(),
        &[],
        &TrainOptions {
            bits: 10,
            epochs: 2,
            ..Default::default()
        },
        &c,
        |_| {},
    );
    let back = Model::from_bytes(&model.to_bytes()).expect("reads back");
    assert_eq!(back.clusters(), &c);
    assert_eq!(back, model);
}

#[test]
fn a_document_larger_than_the_word_cache_is_tagged_as_the_table_does() {
    // More distinct words than the cache holds: the plain path reads it, same result.
    let mut text = String::from("Ilsa Brandt visited Tarrow .");
    for i in 0..cache::LIMIT + 10 {
        text.push_str(if i % 7 == 0 { " Corvex" } else { " w" });
        text.push_str(&i.to_string());
    }
    text.push_str(" , said Ilsa Brandt .");
    let toks = tokens(&text);
    assert!(toks.len() > cache::LIMIT);
    let model = Model::builtin();
    let found = model.tag(&text, &toks, true);
    assert_eq!(found, model.tag_reference(&text, &toks, true));
    assert!(found.iter().any(|e| e.ty == EntityType::Per));
}

#[test]
fn viterbi_paths_agree() {
    // Emission and transition scores from a fixed generator, small enough to be exact
    // as f32, with many ties (few distinct values): the dispatching integer Viterbi
    // (AVX2 where the processor has it), the SSE2 step and the plain float loop must
    // pick the same tags.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |span: i32| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % (2 * span as u64 + 1)) as i32 - span
    };
    for n in [1usize, 2, 3, 7, 40, 300] {
        for span in [3, 1000] {
            let em: Vec<i32> = (0..n * NTAGS).map(|_| next(span)).collect();
            let trans: Vec<i32> = (0..(NTAGS + 1) * NTAGS).map(|_| next(span)).collect();
            let (mut back, mut dispatched, mut sse2, mut float) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            viterbi(&em, &trans, n, &mut back, &mut dispatched);
            viterbi_with(
                &em,
                &trans,
                n,
                &mut back,
                &mut sse2,
                <i32 as Score>::to_opening,
            );
            let emf: Vec<f32> = em.iter().map(|&x| x as f32).collect();
            let transf: Vec<f32> = trans.iter().map(|&x| x as f32).collect();
            viterbi(&emf, &transf, n, &mut back, &mut float);
            assert_eq!(dispatched.len(), n);
            assert_eq!(dispatched, sse2, "n {n}, span {span}");
            assert_eq!(dispatched, float, "n {n}, span {span}");
            let mut prev = NTAGS;
            for &t in &dispatched {
                assert!(allowed(prev, t), "n {n}: {prev} -> {t}");
                prev = t;
            }
            assert!(may_end(prev));
        }
    }
}
