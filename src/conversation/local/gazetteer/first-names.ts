/**
 * AMAZON.FirstName: common given names across English-speaking shoppers and the wider world.
 * Parley's own list; a name not listed is still found by the slot tagger from its context
 * ("my name is ..."), so the list is a help, not a limit.
 */
export const FIRST_NAMES: readonly string[] = (
  'Aaron Abdul Abigail Adam Adrian Ahmed Aiden Aisha Alan Albert Alejandro Alex Alexander Alexandra Alexis Ali Alice Alicia ' +
  'Alison Amanda Amber Amelia Amir Amy Ana Andrea Andrew Angela Anika Anita Ann Anna Anne Anthony Antonio Arjun Arthur Ashley ' +
  'Audrey Ava Barbara Ben Benjamin Beth Betty Beverly Bianca Billy Blake Bob Bobby Brandon Brenda Brian Brittany Bruce Bryan ' +
  'Caleb Cameron Carl Carla Carlos Carmen Carol Caroline Catherine Charles Charlie Charlotte Chen Chloe Chris Christian ' +
  'Christina Christine Christopher Claire Clara Cynthia Daniel Daniela David Deborah Debra Dennis Diana Diane Diego Dmitri ' +
  'Donald Donna Dorothy Douglas Dylan Edward Elena Eli Elijah Elizabeth Ella Ellie Emily Emma Eric Erin Ethan Eugene Eva ' +
  'Evelyn Fatima Felix Fernando Fiona Frances Francisco Frank Gabriel Gabriela Gary George Gerald Gloria Grace Gregory ' +
  'Hailey Hannah Harold Harper Harry Heather Helen Henry Hiroshi Hugo Ian Isaac Isabel Isabella Ivan Jack Jacob Jacqueline ' +
  'Jake James Jamie Jane Janet Janice Jason Javier Jayden Jean Jeffrey Jennifer Jeremy Jerry Jesse Jessica Jesus Jiang Joan ' +
  'Joe John Jonathan Jordan Jorge Jose Joseph Joshua Joyce Juan Judith Judy Julia Julian Julie Justin Karen Katherine Kathleen ' +
  'Kathryn Katie Kayla Keith Kelly Kenji Kenneth Kevin Kim Kimberly Kyle Laura Lauren Layla Leah Leo Liam Lily Linda Lisa ' +
  'Logan Louis Lucas Lucia Lucy Luis Luke Madison Maria Marie Marilyn Mario Mark Martha Martin Mary Mason Matthew Maya Megan ' +
  'Mei Melissa Mia Michael Michelle Miguel Mila Mohamed Mohammed Muhammad Nancy Natalie Nathan Nicholas Nicole Noah Nora ' +
  'Olivia Omar Oscar Pablo Pamela Patricia Patrick Paul Paula Peter Philip Priya Rachel Rafael Rahul Ralph Randy Raymond ' +
  'Rebecca Richard Riley Robert Roger Ronald Rose Ruby Russell Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean ' +
  'Sebastian Sergei Sharon Shirley Sofia Sophia Sophie Stephanie Stephen Steven Susan Taylor Teresa Terry Theresa Thomas ' +
  'Timothy Tyler Valentina Victor Victoria Vincent Virginia Walter Wayne Wei William Yuki Zachary Zara Zoe ' +
  'Aditya Akira Amara Ananya Andre Aryan Bogdan Chidi Chiara Chinedu Chloé Daniele Dara Deepak Emeka Enzo Esther Farah ' +
  'Giulia Hana Hassan Ibrahim Ingrid Ishaan Jamal Jin Jonas Kai Kofi Lars Lena Leon Lin Luca Magnus Malik Marco Mateo ' +
  'Mikhail Min Nadia Nina Noor Olga Ola Pedro Pooja Ravi Rohan Rosa Sakura Santiago Sanjay Sven Tariq Tomas Usman Yara Yusuf'
).split(' ');
