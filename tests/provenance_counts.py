"""Records per file of the shared corpora, as each corpus's PROVENANCE.md states them.

One table for every test that checks counts: the readers' tests and the ingest test.
"""

FILE_RECORDS = {
    "ag_news_test/test.csv": 7_600,
    "kcna_stiles_archive/headlines_2024-11-11.json": 2_111,
    "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv": 1_973,
    "indonews_rss_2025/dataset_new/scrapping_news_2025-06-19.csv": 1_830,
    "indonews_rss_2025/dataset_new/scrapping_news_2025-06-20.csv": 1_971,
    "indonews_rss_2025/old_dataset/berita_detik.csv": 709,
    "indonews_rss_2025/old_dataset/berita_kompas.csv": 50,
    "indonews_rss_2025/old_dataset/berita_republika.csv": 12,
    "indonews_rss_2025/old_dataset/berita_kapanlagi.csv": 124,
    "indonews_rss_2025/old_dataset/berita_tribun.xlsx": 1_085,
    "indonews_rss_2025/old_dataset/berita_Liputan6.xlsx": 892,
    "indonews_rss_2025/old_dataset/berita_okezone.xlsx": 673,
    "indonews_rss_2025/old_dataset/berita_sindonews.xlsx": 409,
    "indonews_rss_2025/old_dataset/berita_tempo.xlsx": 133,
    "indonews_rss_2025/old_dataset/berita_posmetro.xlsx": 65,
    "detik_2021/history/2021-06-20_1-1000.json": 539,
    "detik_2021/public_detik.com/2021-07-05_1-10.json": 19,
    "detik_2021/public_detik.com/2021-07-05_23-06-07_1-10.json": 72,
    "detik_2021/public_detik.com/2021-07-05_23-24-58_1-10.json": 64,
    "detik_2021/public_detik.com/example.json": 3,
    "detik_2021/public_detik.com/example_2021-07-07_12-52-42_1-5.json": 39,
    "china_media_headlines_2022/xinhuanet.zip": 19_539,
    "china_media_headlines_2022/cgtn.zip": 69_805,
    "china_media_headlines_2022/globaltimes.zip": 42_361,
    "china_media_headlines_2022/chinadaily.zip": 14_202,
    "china_media_headlines_2022/bbc.zip": 4_418,
    "zh_trilateral_news/filtered_xinhuanet_by_source.json": 79,
    "zh_trilateral_news/filtered_people_add_date.json": 185,
    "zh_trilateral_news/filtered_huanqiu_by_source_add_date.json": 117,
}


def counts_of(suffix: str) -> dict[str, int]:
    return {ref: n for ref, n in FILE_RECORDS.items() if ref.endswith(suffix)}
