-- 005_search_filters.sql - the FTS5 index gains a column `f` of filter
-- tokens (a<agency id> for the item's agency and every ancestor, s<section
-- id>, y<year published>, g<hex of the genre>, v<validity>), so searches
-- with filters are answered inside the inverted index without joining
-- items (docs/catalog.md). prefix='1 3' keeps a prefix index of one
-- character (three UTF-8 bytes) so a 文号 query ending in a lone ideograph
-- ("〔2024〕3号" -> "2024 3 号"*) does not merge every token starting with
-- 号 at query time. The index is rebuilt empty: run
-- `gongkai catalog reindex` after upgrading a database that had items.
DROP TABLE item_fts;
CREATE VIRTUAL TABLE item_fts USING fts5(t_seq, t_uni, b_seq, b_uni, m_seq, m_uni, f,
	tokenize = 'ascii', detail = 'full', prefix = '1 3');
