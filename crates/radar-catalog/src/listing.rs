//! Projects listed in several areas: an area's `projects:` holds
//! [`Listing`]s, each a project defined there or `ref: ID`, a project defined
//! in another area that is also shown in this one. One id, one definition,
//! one set of results, shown in every area that lists it.
//!
//! Why references rather than an `areas:` list on the project: the catalog
//! reads like the README it renders (areas in order, each with its projects
//! in order), a reference keeps its place in its area's table, and the
//! project's fields stay in one place to edit.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::value::{MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{Area, Catalog, Project};

/// One entry of an area's project list.
// Nearly every listing is a project; a reference is the exception. Boxing the
// project would cost every project an allocation and an indirection to save
// the few references some bytes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// A project defined in this area.
    Project(Project),
    /// A project defined in another area, also listed in this one.
    Ref(ProjectRef),
}

/// `ref: ID`: the project with this id, defined in another area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Reference")]
pub struct ProjectRef {
    /// The id of a project defined in another area, which this area also lists.
    #[serde(rename = "ref")]
    pub id: String,
}

impl Listing {
    /// The project, when it is defined here.
    pub fn project(&self) -> Option<&Project> {
        match self {
            Listing::Project(p) => Some(p),
            Listing::Ref(_) => None,
        }
    }

    /// The project, when it is defined here.
    pub fn project_mut(&mut self) -> Option<&mut Project> {
        match self {
            Listing::Project(p) => Some(p),
            Listing::Ref(_) => None,
        }
    }

    /// The id referred to, when this is a reference.
    pub fn reference(&self) -> Option<&str> {
        match self {
            Listing::Project(_) => None,
            Listing::Ref(r) => Some(r.id.trim()),
        }
    }

    /// The id of the project this entry shows.
    pub fn id(&self) -> Cow<'_, str> {
        match self {
            Listing::Project(p) => p.id(),
            Listing::Ref(r) => Cow::Borrowed(r.id.trim()),
        }
    }
}

impl From<Project> for Listing {
    fn from(p: Project) -> Listing {
        Listing::Project(p)
    }
}

impl Serialize for Listing {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Listing::Project(p) => p.serialize(s),
            Listing::Ref(r) => r.serialize(s),
        }
    }
}

/// A mapping whose first key is `ref` is a reference; any other is a
/// project. The first key is read, then handed back to the project's own
/// deserialiser, so every field keeps the project's rules (and the located
/// reader its text-as-written scalars).
impl<'de> Deserialize<'de> for Listing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ListingVisitor)
    }
}

struct ListingVisitor;

impl<'de> Visitor<'de> for ListingVisitor {
    type Value = Listing;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a project or `ref: ID`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Listing, A::Error> {
        let first: Option<String> = map.next_key()?;
        if first.as_deref() == Some("ref") {
            let id: String = map.next_value()?;
            if let Some(other) = map.next_key::<String>()? {
                return Err(de::Error::custom(format!(
                    "a reference holds only `ref`; found `{other}` (edit the project where it is defined)"
                )));
            }
            return Ok(Listing::Ref(ProjectRef { id }));
        }
        let rest = FirstKeyAgain { first, map };
        Project::deserialize(MapAccessDeserializer::new(rest)).map(Listing::Project)
    }
}

/// A map whose first key was already read: gives it again, then the rest.
struct FirstKeyAgain<A> {
    first: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FirstKeyAgain<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(key) => {
                let key: StringDeserializer<A::Error> = key.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

impl JsonSchema for Listing {
    fn schema_name() -> Cow<'static, str> {
        "Listing".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let project = generator.subschema_for::<Project>();
        let reference = generator.subschema_for::<ProjectRef>();
        schemars::json_schema!({
            "description": "A project defined in this area, or `ref: ID`: a project defined in another area that this area also lists.",
            "anyOf": [project, reference]
        })
    }
}

impl Area {
    /// An area with projects defined in it.
    pub fn new(name: impl Into<String>, projects: impl IntoIterator<Item = Project>) -> Area {
        Area {
            name: name.into(),
            projects: projects.into_iter().map(Listing::Project).collect(),
        }
    }

    /// The projects defined in this area (not those it only references), in order.
    pub fn defined(&self) -> impl Iterator<Item = &Project> {
        self.projects.iter().filter_map(Listing::project)
    }

    /// The projects defined in this area, to change them.
    pub fn defined_mut(&mut self) -> impl Iterator<Item = &mut Project> {
        self.projects.iter_mut().filter_map(Listing::project_mut)
    }
}

impl Catalog {
    /// Every project once, in catalog order, with the area that defines it.
    /// This is what to measure, assess, store and count: a project listed in
    /// several areas comes once.
    pub fn projects(&self) -> impl Iterator<Item = (&Area, &Project)> {
        self.areas
            .iter()
            .flat_map(|a| a.defined().map(move |p| (a, p)))
    }

    /// How many projects the catalog defines (each once).
    pub fn project_count(&self) -> usize {
        self.areas.iter().map(|a| a.defined().count()).sum()
    }

    /// What each area shows, in table order, references resolved: a project
    /// listed in two areas comes twice, once with each area. A reference to
    /// an id no project has is left out (`radar check` reports it).
    pub fn listings(&self) -> Vec<(&Area, &Project)> {
        self.by_area()
            .into_iter()
            .flat_map(|(a, ps)| ps.into_iter().map(move |p| (a, p)))
            .collect()
    }

    /// Every area with the projects it shows, in table order, references
    /// resolved (as [`Catalog::listings`]); an area that lists nothing comes
    /// with an empty list.
    pub fn by_area(&self) -> Vec<(&Area, Vec<&Project>)> {
        let has_refs = self
            .areas
            .iter()
            .flat_map(|a| &a.projects)
            .any(|l| matches!(l, Listing::Ref(_)));
        let index = if has_refs {
            self.index()
        } else {
            HashMap::new()
        };
        self.areas
            .iter()
            .map(|area| {
                let shown = area
                    .projects
                    .iter()
                    .filter_map(|l| match l {
                        Listing::Project(p) => Some(p),
                        Listing::Ref(r) => index.get(r.id.trim()).copied(),
                    })
                    .collect();
                (area, shown)
            })
            .collect()
    }

    /// Every project by id (the first definition when an id is repeated,
    /// which `radar check` reports).
    pub fn index(&self) -> HashMap<String, &Project> {
        let mut index = HashMap::with_capacity(self.project_count());
        for (_, p) in self.projects() {
            index.entry(p.id().into_owned()).or_insert(p);
        }
        index
    }

    /// The project with this id, if any.
    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects().map(|(_, p)| p).find(|p| p.id() == id)
    }

    /// The areas that list the project with this id (defining it or
    /// referring to it), in catalog order; empty when no project has it.
    pub fn areas_of(&self, id: &str) -> Vec<&Area> {
        self.areas
            .iter()
            .filter(|a| a.projects.iter().any(|l| l.id() == id))
            .collect()
    }
}

#[cfg(test)]
mod tests {

    const TWO_AREAS: &str = "\
areas:
  - name: Networking
    projects:
      - name: Cilium
        repo: https://github.com/cilium/cilium
      - name: Calico
  - name: Security
    projects:
      - name: Falco
      - ref: cilium
";

    #[test]
    fn a_project_in_two_areas_is_one_project() {
        let c = crate::load_str("t.yaml", TWO_AREAS).expect("loads").catalog;
        let ids: Vec<_> = c
            .projects()
            .map(|(a, p)| (a.name.as_str(), p.id()))
            .collect();
        assert_eq!(
            ids,
            [
                ("Networking", "cilium".into()),
                ("Networking", "calico".into()),
                ("Security", "falco".into())
            ]
        );
        assert_eq!(c.project_count(), 3);
        let shown: Vec<_> = c
            .listings()
            .into_iter()
            .map(|(a, p)| format!("{}/{}", a.name, p.name))
            .collect();
        assert_eq!(
            shown,
            [
                "Networking/Cilium",
                "Networking/Calico",
                "Security/Falco",
                "Security/Cilium"
            ]
        );
        let areas: Vec<_> = c
            .areas_of("cilium")
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(areas, ["Networking", "Security"]);
        assert!(c.areas_of("nope").is_empty());
        assert_eq!(c.areas[1].defined().count(), 1);
        // It writes back as it was read.
        let again = crate::load_str("u.yaml", &crate::to_yaml(&c))
            .unwrap()
            .catalog;
        assert_eq!(again, c);
    }

    #[test]
    fn a_reference_with_more_fields_is_an_error() {
        let d = crate::check_str(
            "t.yaml",
            "areas:\n- name: A\n  projects:\n  - name: X\n- name: B\n  projects:\n  - ref: x\n    goal: g\n",
        )
        .diagnostics;
        assert!(
            d.iter()
                .any(|d| d.code == "C002" && d.line == 8 && d.message.contains("Reference")),
            "{d:?}"
        );
    }
}
