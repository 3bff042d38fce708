package io.woperator.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void namesCannotLeaveTheFolderHideOrBeEmpty() {
        assertEquals("x", FileNames.safe("../../etc/x"));
        assertEquals("x", FileNames.safe("..\\..\\windows\\x"));
        assertEquals("_bashrc", FileNames.safe(".bashrc"));
        assertEquals("__", FileNames.safe(".."));
        assertEquals("upload", FileNames.safe(""));
        assertEquals("upload", FileNames.safe("dir/"));
        assertEquals("upload", FileNames.safe(null));
        assertEquals("ab", FileNames.safe("a\u0000\u001b\u0085b"));
        assertEquals("Grüße 你好.txt", FileNames.safe("Grüße 你好.txt"));
        String long1 = "é".repeat(300) + ".txt";
        assertTrue(FileNames.safe(long1).getBytes(StandardCharsets.UTF_8).length <= 200);
    }

    @Test
    void aTakenNameGetsANumber() {
        assertEquals("report (2).pdf", FileNames.numbered("report.pdf", 2));
        assertEquals("archive.tar (3).gz", FileNames.numbered("archive.tar.gz", 3));
        assertEquals("README (2)", FileNames.numbered("README", 2));
        assertEquals("_profile (2)", FileNames.numbered("_profile", 2));
    }
}
