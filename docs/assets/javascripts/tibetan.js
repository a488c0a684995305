/* Tibetan text in the browser: syllables, syllable boundaries, digits and case particles.
 *
 * The twin of plugins/regpub/tibetan.py for what the pages need at run time (search hits must
 * start and end on a syllable boundary; a number typed in either digit style must match).
 * tests/test_tibetan.py runs both on the same cases: change them together.
 * Exposed as window.RegpubTibetan in a page, and as module.exports under Node (the test).
 */
(function (root) {
  "use strict";

  var TSHEG = "\u0f0b";
  var LETTER = "\u0f40-\u0f6c\u0f71-\u0f87\u0f90-\u0fbc\u0f35\u0f37\u0f39\u0f3e\u0f3f\u0fc6";
  var SYLLABLE = new RegExp("[" + LETTER + "]+", "g");
  var ONE_LETTER = new RegExp("^[" + LETTER + "]$");
  var TRAILING = /[\s\u0f0b\u0f0c\u0f0d-\u0f12\u0f14:\uff1a]+$/;
  var NUMBER_END = /[0-9\u0f20-\u0f29]+$/;
  var TIB_DIGITS = "\u0f20\u0f21\u0f22\u0f23\u0f24\u0f25\u0f26\u0f27\u0f28\u0f29";
  var SUFFIXES = "\u0f42\u0f44\u0f51\u0f53\u0f56\u0f58\u0f60\u0f62\u0f63\u0f66"; // ག ང ད ན བ མ འ ར ལ ས
  var A_CHUNG_LETTER = "\u0f60"; // འ: as a suffix it makes room for a merged particle

  // How a number is read decides its particle (see tibetan.py _DIGIT_FINAL / _ZEROS_FINAL).
  var DIGIT_FINAL = {"1": "\u0f42", "2": "\u0f66", "3": "\u0f58", "4": "", "5": "",
                     "6": "\u0f42", "7": "\u0f53", "8": "\u0f51", "9": ""};
  var ZEROS_FINAL = {1: "", 2: "", 3: "\u0f44", 4: "", 5: "\u0f58", 6: ""};

  // Particle forms by final letter; "" is a vowel-final word, merged into it.
  var PARTICLES = {
    genitive: {"\u0f42": "\u0f42\u0f72", "\u0f44": "\u0f42\u0f72",
               "\u0f51": "\u0f40\u0fb1\u0f72", "\u0f56": "\u0f40\u0fb1\u0f72", "\u0f66": "\u0f40\u0fb1\u0f72",
               "\u0f53": "\u0f42\u0fb1\u0f72", "\u0f58": "\u0f42\u0fb1\u0f72",
               "\u0f62": "\u0f42\u0fb1\u0f72", "\u0f63": "\u0f42\u0fb1\u0f72", "": "\u0f60\u0f72"},
    agentive: {"\u0f42": "\u0f42\u0f72\u0f66", "\u0f44": "\u0f42\u0f72\u0f66",
               "\u0f51": "\u0f40\u0fb1\u0f72\u0f66", "\u0f56": "\u0f40\u0fb1\u0f72\u0f66",
               "\u0f66": "\u0f40\u0fb1\u0f72\u0f66", "\u0f53": "\u0f42\u0fb1\u0f72\u0f66",
               "\u0f58": "\u0f42\u0fb1\u0f72\u0f66", "\u0f62": "\u0f42\u0fb1\u0f72\u0f66",
               "\u0f63": "\u0f42\u0fb1\u0f72\u0f66", "": "\u0f66"},
    terminative: {"\u0f42": "\u0f4f\u0f74", "\u0f56": "\u0f4f\u0f74", "\u0f66": "\u0f66\u0f74",
                  "\u0f44": "\u0f51\u0f74", "\u0f51": "\u0f51\u0f74", "\u0f53": "\u0f51\u0f74",
                  "\u0f58": "\u0f51\u0f74", "\u0f62": "\u0f51\u0f74", "\u0f63": "\u0f51\u0f74",
                  "": "\u0f62"},
    ablative: "\u0f53\u0f66" // ནས
  };
  var METRICAL = {genitive: "\u0f61\u0f72", agentive: "\u0f61\u0f72\u0f66", terminative: "\u0f62\u0f74"};

  function syllables(text) {
    return String(text || "").match(SYLLABLE) || [];
  }

  function isLetter(ch) {
    return ONE_LETTER.test(ch);
  }

  // True when `offset` (a UTF-16 index; Tibetan is all in the BMP) is not inside a syllable.
  function isSyllableBoundary(text, offset) {
    if (offset <= 0 || offset >= text.length) return true;
    return !(isLetter(text.charAt(offset - 1)) && isLetter(text.charAt(offset)));
  }

  // One spelling for what looks the same (tibetan.py normalize): the two Tibetan
  // decompositions NFD leaves out, then NFD (U+0F73 -> U+0F71 U+0F72, signs in canonical order).
  function normalize(text) {
    return String(text || "").replace(/\u0f77/g, "\u0fb2\u0f71\u0f80")
      .replace(/\u0f79/g, "\u0fb3\u0f71\u0f80").normalize("NFD");
  }

  function toTibetanDigits(s) {
    return String(s).replace(/[0-9]/g, function (d) { return TIB_DIGITS.charAt(+d); });
  }

  function toArabicDigits(s) {
    return String(s).replace(/[\u0f20-\u0f29]/g, function (d) {
      return String(d.charCodeAt(0) - 0x0f20);
    });
  }

  // A syllable as stacks [base, subjoined count, signs]; null when a sign has no letter.
  function stacks(syllable) {
    var out = [];
    for (var i = 0; i < syllable.length; i++) {
      var c = syllable.charCodeAt(i);
      if (c >= 0x0f40 && c <= 0x0f6c) out.push([syllable.charAt(i), 0, ""]);
      else if (!out.length) return null;
      else if (c >= 0x0f90 && c <= 0x0fbc) {
        if (out[out.length - 1][2]) return null;
        out[out.length - 1][1] += 1;
      } else out[out.length - 1][2] += syllable.charAt(i);
    }
    return out;
  }

  function numberFinal(digits) {
    digits = digits.replace(/^0+/, "") || "0";
    if (digits === "0") return "\u0f62"; // ཀླད་ཀོར
    var zeros = digits.length - digits.replace(/0+$/, "").length;
    if (zeros) return ZEROS_FINAL[zeros] || "";
    return DIGIT_FINAL[digits.charAt(digits.length - 1)];
  }

  // The letter that chooses the particle after `word`; "" after a vowel or the suffix འ.
  function finalLetter(word) {
    var text = String(word || "").replace(TRAILING, "");
    if (!text) return "";
    var number = text.match(NUMBER_END);
    if (number) return numberFinal(toArabicDigits(number[0]));
    var found = syllables(text);
    if (!found.length) return "";
    var last = found[found.length - 1];
    if (text.slice(-last.length) !== last) return "";
    var st = stacks(last) || [];
    if (!st.length) return "";
    var end = st[st.length - 1];
    if (end[2] || end[1] || st.length === 1) return "";
    if (end[0] === A_CHUNG_LETTER || SUFFIXES.indexOf(end[0]) < 0) return "";
    return end[0];
  }

  function join(text, particle) {
    if (!text) return particle;
    var lastChar = text.charAt(text.length - 1);
    if (/[0-9\u0f20-\u0f29]/.test(lastChar)) return text + particle;
    if (!isLetter(lastChar)) return text + " " + particle;
    return text + TSHEG + particle;
  }

  function merge(text, particle) {
    var found = syllables(text);
    var st = stacks(found[found.length - 1]) || [];
    var end = st[st.length - 1];
    if (st.length > 1 && end[0] === A_CHUNG_LETTER && !end[1] && !end[2]) text = text.slice(0, -1);
    return text + particle;
  }

  // `word` + case particle (genitive, agentive, terminative, ablative), as tibetan.case does.
  function caseParticle(word, particle, metrical) {
    var forms = PARTICLES[particle];
    if (!forms) throw new Error("unknown particle " + particle);
    var text = String(word || "").replace(TRAILING, "");
    if (typeof forms === "string") return join(text, forms);
    var fin = finalLetter(text);
    var lastChar = text.charAt(text.length - 1);
    var endsInNumber = /[0-9\u0f20-\u0f29]$/.test(text);
    if (fin === "" && (metrical || endsInNumber || !text || !isLetter(lastChar))) {
      return join(text, METRICAL[particle]);
    }
    if (fin === "") return merge(text, forms[""]);
    return join(text, forms[fin]);
  }

  function genitive(word, metrical) {
    return caseParticle(word, "genitive", metrical);
  }

  var api = {
    TSHEG: TSHEG,
    syllables: syllables,
    isSyllableBoundary: isSyllableBoundary,
    normalize: normalize,
    toTibetanDigits: toTibetanDigits,
    toArabicDigits: toArabicDigits,
    finalLetter: finalLetter,
    caseParticle: caseParticle,
    genitive: genitive
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RegpubTibetan = api;
})(typeof window !== "undefined" ? window : this);
