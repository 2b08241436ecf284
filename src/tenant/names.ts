/**
 * Short hand-written name lists for demo customers (no external datasets). A mix of common
 * English-speaking first and last names; combinations repeat, which is realistic.
 */
export const FIRST_NAMES: readonly string[] = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Ava', 'Elijah', 'Sophia', 'James',
  'Isabella', 'William', 'Mia', 'Benjamin', 'Charlotte', 'Lucas', 'Harper', 'Henry', 'Evelyn', 'Theodore',
  'Abigail', 'Jack', 'Emily', 'Leo', 'Ella', 'Mateo', 'Grace', 'Samuel', 'Chloe', 'Daniel',
  'Zoe', 'Ethan', 'Nora', 'Isaac', 'Lily', 'Aiden', 'Hannah', 'Owen', 'Aria', 'Ryan',
  'Layla', 'Nathan', 'Priya', 'Arjun', 'Mei', 'Wei', 'Sofia', 'Diego', 'Fatima', 'Omar',
  'Aisha', 'Kwame', 'Chidi', 'Yuki', 'Hiro', 'Ingrid', 'Freya', 'Niamh', 'Callum', 'Siobhan',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White',
  'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
  'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Campbell', 'Mitchell',
  'Patel', 'Singh', 'Chen', 'Wang', 'Kim', 'Okafor', 'Mensah', 'Tanaka', 'Murphy', 'Kelly',
  "O'Brien", 'MacDonald', 'Evans', 'Hughes', 'Roberts', 'Tremblay', 'Gagnon', 'Roy', 'Cooper', 'Ward',
];
