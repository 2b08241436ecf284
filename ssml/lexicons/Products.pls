<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>GPS</grapheme><alias>G P S</alias></lexeme>
  <lexeme><grapheme>smartwatch</grapheme><alias>smart watch</alias></lexeme>
  <lexeme><grapheme>daypack</grapheme><alias>day pack</alias></lexeme>
  <lexeme><grapheme>No-Show</grapheme><alias>no show</alias></lexeme>
  <lexeme><grapheme>t-shirts</grapheme><grapheme>tshirts</grapheme><alias>T shirts</alias></lexeme>
  <lexeme><grapheme>Chrono</grapheme><phoneme>ˈkɹɑnoʊ</phoneme></lexeme>
  <lexeme><grapheme>USD</grapheme><alias>US dollars</alias></lexeme>
</lexicon>
