package io.woperator.desktop;

import java.util.Set;

/** The keysyms input handling needs to recognise (X11's keysymdef.h). */
final class Keysyms {
    static final int SHIFT_L = 0xffe1;
    static final int SHIFT_R = 0xffe2;
    static final int CONTROL_L = 0xffe3;
    static final int CONTROL_R = 0xffe4;
    static final int CAPS_LOCK = 0xffe5;
    static final int META_L = 0xffe7;
    static final int META_R = 0xffe8;
    static final int ALT_L = 0xffe9;
    static final int ALT_R = 0xffea;
    static final int SUPER_L = 0xffeb;
    static final int SUPER_R = 0xffec;
    static final int ISO_LEVEL3_SHIFT = 0xfe03;
    static final int MODE_SWITCH = 0xff7e;
    static final int NUM_LOCK = 0xff7f;

    static final Set<Integer> SHIFTS = Set.of(SHIFT_L, SHIFT_R);
    static final Set<Integer> LEVEL3 = Set.of(ISO_LEVEL3_SHIFT, MODE_SWITCH);
    /** Modifiers under which a key is a shortcut rather than typing: the key is pressed as it is. */
    static final Set<Integer> COMMAND = Set.of(CONTROL_L, CONTROL_R, ALT_L, ALT_R, META_L, META_R, SUPER_L, SUPER_R);
    static final Set<Integer> MODIFIERS = Set.of(SHIFT_L, SHIFT_R, CONTROL_L, CONTROL_R, CAPS_LOCK, META_L, META_R,
            ALT_L, ALT_R, SUPER_L, SUPER_R, ISO_LEVEL3_SHIFT, MODE_SWITCH, NUM_LOCK);

    /** Largest valid keysym: Unicode keysyms are 0x01000000 + code point, up to U+10FFFF. */
    static final int MAX = 0x0110ffff;
    static final int RETURN = 0xff0d;
    static final int TAB = 0xff09;
    /** What X calls the euro sign: older applications know it better than U+20AC. */
    static final int EURO_SIGN = 0x20ac;

    /**
     * The keysym that types a character: Latin-1 keysyms are their code points, a line break is Return, a tab
     * Tab, anything else its Unicode keysym; -1 for other control characters, which type nothing.
     */
    static int forCharacter(int codePoint) {
        if (codePoint == '\n' || codePoint == '\r') {
            return RETURN;
        }
        if (codePoint == '\t') {
            return TAB;
        }
        if (codePoint < 0x20 || codePoint >= 0x7f && codePoint < 0xa0) {
            return -1;
        }
        if (codePoint <= 0xff || codePoint == EURO_SIGN) {
            return codePoint;
        }
        return 0x01000000 + codePoint;
    }

    private Keysyms() {
    }
}
