<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-GB">
  <lexeme><grapheme>Northpeak</grapheme><alias>North Peak</alias></lexeme>
  <lexeme><grapheme>Aerolite</grapheme><alias>Aero Lite</alias></lexeme>
  <lexeme><grapheme>Trailhawk</grapheme><alias>Trail Hawk</alias></lexeme>
  <lexeme><grapheme>Velora</grapheme><phoneme>vəˈlɔːrə</phoneme></lexeme>
  <lexeme><grapheme>Summitline</grapheme><alias>Summit Line</alias></lexeme>
  <lexeme><grapheme>Corebound</grapheme><alias>Core Bound</alias></lexeme>
  <lexeme><grapheme>Zephyr</grapheme><phoneme>ˈzɛfə</phoneme></lexeme>
  <lexeme><grapheme>Pacewell</grapheme><alias>Pace Well</alias></lexeme>
  <lexeme><grapheme>Driftwood</grapheme><alias>Drift Wood</alias></lexeme>
  <lexeme><grapheme>Ironbark</grapheme><alias>Iron Bark</alias></lexeme>
  <lexeme><grapheme>Solace</grapheme><phoneme>ˈsɒləs</phoneme></lexeme>
  <lexeme><grapheme>Parley</grapheme><phoneme>ˈpɑːli</phoneme></lexeme>
</lexicon>
