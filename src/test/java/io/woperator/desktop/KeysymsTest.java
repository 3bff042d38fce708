package io.woperator.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeysymsTest {

    @Test
    void everyCharacterHasTheKeysymThatTypesIt() {
        assertEquals('a', Keysyms.forCharacter('a'));
        assertEquals(0xfc, Keysyms.forCharacter('ü'));
        assertEquals(0x20ac, Keysyms.forCharacter('€'));
        assertEquals(0x010003a9, Keysyms.forCharacter('Ω'));
        assertEquals(0x01004f60, Keysyms.forCharacter("你".codePointAt(0)));
        assertEquals(0x0101f600, Keysyms.forCharacter("😀".codePointAt(0)));
        assertEquals(Keysyms.RETURN, Keysyms.forCharacter('\n'));
        assertEquals(Keysyms.TAB, Keysyms.forCharacter('\t'));
        assertEquals(-1, Keysyms.forCharacter(0x1b), "escape types nothing");
        assertEquals(-1, Keysyms.forCharacter(0x85), "nor does a C1 control");
    }
}
