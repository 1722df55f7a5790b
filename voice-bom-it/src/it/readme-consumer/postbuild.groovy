// Runs after the consumer project compiled (it got here, so the README's snippets compile against the BOM).
// Then checks what would otherwise rot without anyone noticing:
//  1. the published BOM has no parent and manages only io.inmo.voice artifacts (importing it pins nothing else);
//  2. the BOM lists every published module of the reactor, and every module that is never published is excluded
//     from the release profile's upload;
//  3. the README's error table names every public VoiceException subclass.
import groovy.xml.XmlSlurper

def root = new File(rootDir as String)
def bom = new File(localRepositoryPath, "io/inmo/voice/voice-bom/${projectVersion}/voice-bom-${projectVersion}.pom")
assert bom.isFile() : "the BOM was not installed into ${localRepositoryPath}"
def bomXml = new XmlSlurper().parse(bom)
assert bomXml.parent.isEmpty() : "the published BOM must have no <parent>: ${bom}"
def managed = bomXml.dependencyManagement.dependencies.dependency
managed.each { d ->
    assert d.groupId.text() == 'io.inmo.voice' :
            "the BOM must manage only io.inmo.voice artifacts, found ${d.groupId}:${d.artifactId} in ${bom}"
}
def inBom = managed.collect { it.artifactId.text() } as Set

def rootPom = new XmlSlurper().parse(new File(root, 'pom.xml'))
def excluded = rootPom.profiles.profile.find { it.id.text() == 'release' }
        .build.plugins.plugin.find { it.artifactId.text() == 'central-publishing-maven-plugin' }
        .configuration.excludeArtifacts.artifact.collect { it.text() } as Set
def problems = []
rootPom.modules.module.collect { it.text() }.each { dir ->
    def pom = new XmlSlurper().parse(new File(root, "${dir}/pom.xml"))
    def id = pom.artifactId.text()
    boolean published = pom.properties.'maven.deploy.skip'.text() != 'true'
    if (published && id != 'voice-bom' && !inBom.contains(id)) {
        problems << "${id} is published (no maven.deploy.skip) but missing from voice-bom/pom.xml"
    }
    if (!published && !excluded.contains(id)) {
        problems << "${id} sets maven.deploy.skip but is not in the release profile's excludeArtifacts (root pom.xml)"
    }
    if (!published && inBom.contains(id)) {
        problems << "${id} is never published but voice-bom/pom.xml lists it"
    }
}

def readme = new File(readmeFile as String).getText('UTF-8')
def extendsRule = ~/public\s+(?:abstract\s+)?class\s+(\w+)\s+extends\s+(\w+)/
def parents = [:]
root.eachDir { module ->
    def src = new File(module, 'src/main/java')
    if (module.name.startsWith('voice-') && src.isDirectory()) {
        src.eachFileRecurse(groovy.io.FileType.FILES) { f ->
            if (f.name.endsWith('.java')) {
                def m = extendsRule.matcher(f.getText('UTF-8'))
                if (m.find()) {
                    parents[m.group(1)] = m.group(2)
                }
            }
        }
    }
}
def isVoiceException
isVoiceException = { String name -> name == 'VoiceException' || (parents[name] && isVoiceException(parents[name])) }
parents.keySet().findAll { it != 'VoiceException' && isVoiceException(it) }.each { name ->
    if (!readme.contains("| `${name}`")) {
        problems << "README.md's error table (### Errors) has no row for ${name}: add its HTTP status and code()"
    }
}

assert problems.isEmpty() : problems.join('\n')
return true
