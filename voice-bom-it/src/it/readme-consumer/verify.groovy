// The snippets compiled (the build passed to get here). Also check the BOM a host imports: no parent and only our
// artifacts, so importing it never pins the host's Jackson or slf4j.
def bom = new File(localRepositoryPath, "io/inmo/voice/voice-bom/${projectVersion}/voice-bom-${projectVersion}.pom")
assert bom.isFile() : "the BOM was not installed into ${localRepositoryPath}"
def xml = new groovy.xml.XmlSlurper().parse(bom)
assert xml.parent.isEmpty() : "the published BOM must have no <parent>: ${bom}"
def managed = xml.dependencyManagement.dependencies.dependency
assert managed.size() > 0 : "the BOM manages nothing: ${bom}"
managed.each { d ->
    assert d.groupId.text() == 'io.inmo.voice' : "the BOM must manage only io.inmo.voice artifacts, found ${d.groupId}:${d.artifactId}"
}
assert new File(basedir, 'target/classes/readme/ReadmeSnippet1.class').isFile()
return true
