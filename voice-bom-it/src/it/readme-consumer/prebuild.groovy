// Puts the README's snippets into this throwaway project: the block after each "<!-- compiled by voice-bom-it: ... -->"
// marker. "pom" replaces README-POM-SNIPPET in pom.xml; "class body" becomes the body of a class extending
// HostApplication (the host's collaborators, stubbed); "method body" the body of a method of such a class.
def readme = new File(readmeFile as String)
def lines = readme.readLines('UTF-8')
def marker = ~/^<!-- compiled by voice-bom-it: (pom|class body|method body) -->$/
def snippets = []
for (int i = 0; i < lines.size(); i++) {
    def m = marker.matcher(lines[i].trim())
    if (!m.matches()) {
        continue
    }
    int open = i + 1
    while (open < lines.size() && lines[open].trim().isEmpty()) {
        open++
    }
    if (open >= lines.size() || !lines[open].trim().startsWith('```')) {
        throw new IllegalStateException("README.md line ${i + 1}: the marker must be followed by a fenced code block")
    }
    int close = open + 1
    while (close < lines.size() && lines[close].trim() != '```') {
        close++
    }
    if (close >= lines.size()) {
        throw new IllegalStateException("README.md line ${open + 1}: code block never closed")
    }
    snippets << [kind: m.group(1), line: open + 2, text: lines.subList(open + 1, close).join('\n')]
}
def poms = snippets.findAll { it.kind == 'pom' }
if (poms.size() != 1 || snippets.count { it.kind != 'pom' } == 0) {
    throw new IllegalStateException('README.md must mark exactly one "pom" block and at least one Java block with '
            + '<!-- compiled by voice-bom-it: pom|class body|method body -->; found ' + snippets*.kind)
}
def pom = new File(basedir, 'pom.xml')
pom.setText(pom.getText('UTF-8').replace('<!-- README-POM-SNIPPET -->', poms[0].text), 'UTF-8')

def header = '''package readme;

import io.inmo.voice.*;
import io.inmo.voice.fake.*;
import io.inmo.voice.spi.*;
import io.inmo.voice.webhook.*;
import io.inmo.voice.vapi.*;
import io.inmo.voice.bland.*;
import java.net.URI;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;

'''
snippets.findAll { it.kind != 'pom' }.eachWithIndex { s, n ->
    def name = "ReadmeSnippet${n + 1}"
    def body = s.kind == 'class body' ? s.text
            : "    void snippet() throws Exception {\n" + s.text.readLines().collect { '    ' + it }.join('\n') + "\n    }"
    def source = header + "/** README.md line ${s.line} (${s.kind}). */\n" +
            "class ${name} extends HostApplication {\n${body}\n}\n"
    new File(basedir, "src/main/java/readme/${name}.java").setText(source, 'UTF-8')
}
println "README.md: ${snippets.size()} snippets written (${snippets.collect { it.kind + ' at line ' + it.line }.join(', ')})"
return true
